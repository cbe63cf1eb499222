/** At most `requests` requests in any window of `windowMs` milliseconds. */
export interface WindowLimit {
  readonly requests: number;
  readonly windowMs: number;
}

/** The License API's documented flood limits: 50 a second per credential, 200 per 10 seconds per IP. */
export const PER_CREDENTIAL_LIMIT: WindowLimit = { requests: 50, windowMs: 1_000 };
export const PER_IP_LIMIT: WindowLimit = { requests: 200, windowMs: 10_000 };

/** `50/1s,200/10s` → limits; `undefined` when the text is not that shape. */
export function parseWindowLimits(text: string): WindowLimit[] | undefined {
  const limits: WindowLimit[] = [];
  for (const part of text.split(",")) {
    const match = /^\s*(\d+)\s*\/\s*(\d*\.?\d+)?\s*(ms|s|m)\s*$/.exec(part);
    if (!match) return undefined;
    const requests = Number(match[1]);
    const amount = match[2] === undefined ? 1 : Number(match[2]);
    const windowMs = amount * (match[3] === "ms" ? 1 : match[3] === "s" ? 1_000 : 60_000);
    if (!(requests >= 1) || !(windowMs >= 1) || !Number.isSafeInteger(requests)) return undefined;
    limits.push({ requests, windowMs });
  }
  return limits;
}

/** `50/1s,200/10s`, the form parseWindowLimits reads. */
export function formatWindowLimits(limits: readonly WindowLimit[]): string {
  return limits
    .map(({ requests, windowMs }) =>
      windowMs % 1_000 === 0 ? `${requests}/${windowMs / 1_000}s` : `${requests}/${windowMs}ms`,
    )
    .join(",");
}

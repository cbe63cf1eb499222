import { MAX_TIMER_MS } from "../config/schema.js";
import type { HeaderReader } from "./node-fetch.js";

/**
 * When and how long to wait before another attempt: exponential backoff with full jitter, or the server's
 * Retry-After. Pure apart from the injected random source and sleep, so tests can pin both.
 */
export interface RetryDeps {
  /** In [0, 1). */
  readonly random: () => number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Unix milliseconds. */
  readonly now: () => number;
}

export const BASE_DELAY_MS = 200;
export const MAX_DELAY_MS = 5_000;

/** HTTP statuses worth another attempt: throttled, or a gateway/server that is briefly unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Transport failures worth another attempt: the request may never have reached the server. */
export const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/**
 * Waits `ms`; Ctrl+C (the signal) ends the wait at once with the signal's reason. A plain timer, not
 * node:timers/promises: that module (and what it loads) would be on the start-up path of every request. A wait
 * beyond a Node timer's range (about 24.8 days) is waited in pieces: one timer for it would fire at once.
 */
export async function interruptibleSleep(ms: number, signal?: AbortSignal): Promise<void> {
  for (let left = Math.max(0, ms); ; left -= MAX_TIMER_MS) {
    await sleepOnce(Math.min(left, MAX_TIMER_MS), signal);
    if (left <= MAX_TIMER_MS) return;
  }
}

function sleepOnce(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    signal?.addEventListener("abort", stop, { once: true });
  });
}

export const defaultRetryDeps: RetryDeps = {
  random: Math.random,
  now: Date.now,
  sleep: interruptibleSleep,
};

/** Full jitter: a uniformly random wait between 0 and min(cap, base × 2^(attempt − 1)). */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds to wait: delta-seconds, or an HTTP date taken relative to the response's
 * own `Date` (the server's clock) when it has one, else to this machine's clock. Unreadable → undefined.
 */
export function retryAfterMs(headers: HeaderReader, now: number): number | undefined {
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = /^[a-z]{3}, /i.test(value) ? Date.parse(value) : Number.NaN; // IMF-fixdate: "Tue, 07 Jun …"
  if (Number.isNaN(at)) return undefined;
  const serverNow = Date.parse(headers.get("date") ?? "");
  return Math.max(0, at - (Number.isNaN(serverNow) ? now : serverNow));
}

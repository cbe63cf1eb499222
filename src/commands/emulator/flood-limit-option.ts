import { usageError } from "../../core/cli-error.js";
import { formatWindowLimits, parseWindowLimits } from "../../core/window-limits.js";
import { DOCUMENTED_FLOOD_LIMITS, type FloodLimits } from "../../emulator/server.js";

/** The default of `--flood-limit`: the service's documented flood limits. */
export const DEFAULT_FLOOD_LIMIT = describeFloodLimits(DOCUMENTED_FLOOD_LIMITS);

/**
 * `--flood-limit`: `off`, or comma-separated `N/<window>` limits (`50/1s`, `500/250ms`), each per credential,
 * or per client IP address with `ip:` in front (`ip:200/10s`). Absent: the documented limits.
 */
export function parseFloodLimitOption(text: string | undefined): FloodLimits | undefined {
  if (text === undefined) return DOCUMENTED_FLOOD_LIMITS;
  if (text.trim() === "off") return undefined;
  const perCredential: string[] = [];
  const perIp: string[] = [];
  for (const item of text.split(",")) {
    const ip = /^\s*ip:/i.exec(item);
    (ip ? perIp : perCredential).push(ip ? item.slice(ip[0].length) : item);
  }
  const credentialLimits = perCredential.length > 0 ? parseWindowLimits(perCredential.join(",")) : [];
  const ipLimits = perIp.length > 0 ? parseWindowLimits(perIp.join(",")) : [];
  if (!credentialLimits || !ipLimits) {
    throw usageError(
      `--flood-limit "${text}" is not a list of limits.`,
      `Use off, or limits like ${DEFAULT_FLOOD_LIMIT} (N/<window> per credential; ip: in front for per IP address).`,
    );
  }
  return { perCredential: credentialLimits, perIp: ipLimits };
}

/** `50/1s,ip:200/10s`, or `off`. */
export function describeFloodLimits(limits: FloodLimits | undefined): string {
  if (!limits) return "off";
  const credential = formatWindowLimits(limits.perCredential);
  const ip = limits.perIp.map((limit) => `ip:${formatWindowLimits([limit])}`).join(",");
  return [credential, ip].filter((part) => part !== "").join(",");
}

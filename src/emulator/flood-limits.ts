import type { IncomingMessage } from "node:http";
import type { WindowLimit } from "../core/window-limits.js";

/** The flood limits an emulator enforces: per Authorization credential, and per client IP address. */
export interface FloodLimits {
  readonly perCredential: readonly WindowLimit[];
  readonly perIp: readonly WindowLimit[];
}

/** Admits a request, or says how many seconds to wait (the Retry-After of a 429). */
export type FloodGuard = (request: IncomingMessage, now: number) => { retryAfterSeconds: number } | undefined;

/**
 * Sliding windows, like the service's flood limits: a request is refused when, for its credential or its IP
 * address, `requests` were already admitted in the last `windowMs`. Refused requests are not counted, so
 * Retry-After is exactly when the oldest admitted request of the full window leaves it.
 */
export function createFloodGuard(limits: FloodLimits): FloodGuard {
  const byCredential = new Map<string, number[][]>();
  const byIp = new Map<string, number[][]>();
  return (request, now) => {
    const checks: Array<[readonly WindowLimit[], number[][]]> = [];
    const credential = credentialOf(request.headers.authorization);
    if (credential !== undefined && limits.perCredential.length > 0) {
      checks.push([limits.perCredential, logsFor(byCredential, credential, limits.perCredential)]);
    }
    if (limits.perIp.length > 0) {
      const ip = request.socket.remoteAddress ?? "unknown";
      checks.push([limits.perIp, logsFor(byIp, ip, limits.perIp)]);
    }
    let waitMs = 0;
    for (const [windows, logs] of checks) {
      windows.forEach((limit, index) => {
        const log = logs[index] ?? [];
        while (log.length > 0 && (log[0] ?? 0) <= now - limit.windowMs) log.shift();
        if (log.length >= limit.requests) waitMs = Math.max(waitMs, (log[0] ?? now) + limit.windowMs - now);
      });
    }
    if (waitMs > 0) return { retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1_000)) };
    for (const [, logs] of checks) for (const log of logs) log.push(now);
    return undefined;
  };
}

function logsFor(map: Map<string, number[][]>, key: string, limits: readonly WindowLimit[]): number[][] {
  let logs = map.get(key);
  if (!logs) {
    logs = limits.map(() => []);
    map.set(key, logs);
  }
  return logs;
}

/**
 * What a credential limit counts by: the API key of an HMAC header (its signature changes every second, the
 * key does not), else the whole header (a bearer token, an Api-Key).
 */
export function credentialOf(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const apiKey = /apikey="([^"]*)"/i.exec(authorization)?.[1];
  return apiKey === undefined ? authorization : `apikey:${apiKey}`;
}

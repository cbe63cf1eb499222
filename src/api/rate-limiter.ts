import { setTimeout as delay } from "node:timers/promises";
import type { WindowLimit } from "../core/window-limits.js";

/** The clock a limiter reads and sleeps on: the real one, or a test's. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Paces the attempts of many concurrent requests (src/api/http.ts awaits `acquire` before every attempt and
 * reports every 429 to `throttled`).
 */
export interface RequestGate {
  acquire(): Promise<void>;
  /** A 429 was answered: everyone waits `retryAfterMs` (or a second) and goes slower from then on. */
  throttled(retryAfterMs: number | undefined): void;
}

export interface RateLimiter extends RequestGate {
  /** Like `acquire`, giving up (with the signal's reason) when `signal` aborts while it waits. */
  acquireUnless(signal: AbortSignal | undefined): Promise<void>;
  /** Requests let through, 429s reported, and the share of the configured rate now allowed. */
  stats(): { readonly granted: number; readonly throttled: number; readonly scale: number };
}

export interface RateLimiterOptions {
  readonly clock?: LimiterClock;
  /** Each window is counted this much longer (0.05 = 5%), so network jitter cannot push a server's count over. */
  readonly margin?: number;
  /** Wait after a 429 without a readable Retry-After. */
  readonly defaultPauseMs?: number;
}

export const realClock: LimiterClock = {
  now: Date.now,
  sleep: async (ms, signal) => {
    try {
      await delay(ms, undefined, signal ? { signal } : {});
    } catch (error) {
      throw signal?.aborted ? signal.reason : error;
    }
  },
};

/** Each 429 cuts the rate by a quarter, never below a quarter of what was configured. */
const SLOWDOWN = 0.75;
const MIN_SCALE = 0.25;

/**
 * A sliding-window log shared by every request of a run: a request goes when, for every limit, fewer than
 * `requests` were let through in the last `windowMs` (× 1 + margin). Requests go in the order they asked.
 */
export function createRateLimiter(
  limits: readonly WindowLimit[],
  options: RateLimiterOptions = {},
): RateLimiter {
  const clock = options.clock ?? realClock;
  const margin = options.margin ?? 0;
  const logs = limits.map(() => [] as number[]);
  let queue: Promise<void> = Promise.resolve();
  let pausedUntil = 0;
  let scale = 1;
  let granted = 0;
  let throttled = 0;

  /** How long until a request may go now (0: at once). */
  function waitNeeded(now: number): number {
    let wait = pausedUntil - now;
    limits.forEach((limit, index) => {
      const log = logs[index] ?? [];
      const allowed = Math.max(1, Math.floor(limit.requests * scale));
      if (log.length < allowed) return;
      const oldest = log[log.length - allowed] ?? 0;
      wait = Math.max(wait, oldest + Math.ceil(limit.windowMs * (1 + margin)) - now);
    });
    return wait;
  }

  async function takeTurn(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = waitNeeded(clock.now());
      if (wait <= 0) break;
      await clock.sleep(wait, signal);
    }
    const now = clock.now();
    limits.forEach((limit, index) => {
      const log = logs[index] ?? [];
      log.push(now);
      if (log.length > limit.requests) log.shift();
    });
    granted++;
  }

  const acquireUnless = (signal: AbortSignal | undefined): Promise<void> => {
    const turn = queue.then(() => takeTurn(signal));
    queue = turn.catch(() => {});
    return turn;
  };

  return {
    acquire: () => acquireUnless(undefined),
    acquireUnless,
    throttled(retryAfterMs) {
      throttled++;
      scale = Math.max(MIN_SCALE, scale * SLOWDOWN);
      pausedUntil = Math.max(pausedUntil, clock.now() + (retryAfterMs ?? options.defaultPauseMs ?? 1_000));
    },
    stats: () => ({ granted, throttled, scale }),
  };
}

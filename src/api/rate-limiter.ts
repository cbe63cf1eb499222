import type { WindowLimit } from "../core/window-limits.js";
import { interruptibleSleep } from "./retry.js";

/** The clock a limiter reads and sleeps on: the real one, or a test's. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Call once the attempt's answer is in (or it failed): from then on it counts as having reached the server. */
export type Release = () => void;

/**
 * Paces the attempts of many concurrent requests: src/api/http.ts awaits `acquire` before every attempt,
 * releases it when the attempt ends, and reports every 429 to `throttled`.
 */
export interface RequestGate {
  acquire(): Promise<Release>;
  /** A 429 was answered: everyone waits `retryAfterMs` (or a second) and goes slower from then on. */
  throttled(retryAfterMs: number | undefined): void;
}

export interface RateLimiter extends RequestGate {
  /** Like `acquire`, giving up (with the signal's reason) when `signal` aborts while it waits. */
  acquireUnless(signal: AbortSignal | undefined): Promise<Release>;
  /** Requests let through, 429s reported, and the share of the configured rate now allowed. */
  stats(): { readonly granted: number; readonly throttled: number; readonly scale: number };
}

export interface RateLimiterOptions {
  readonly clock?: LimiterClock;
  /** Wait after a 429 without a readable Retry-After. */
  readonly defaultPauseMs?: number;
}

export const realClock: LimiterClock = {
  now: Date.now,
  sleep: interruptibleSleep,
};

/** Each 429 cuts the rate by a quarter, never below a quarter of what was configured. */
const SLOWDOWN = 0.75;
const MIN_SCALE = 0.25;

/** One request let through: when its answer came (undefined while it is in flight). */
interface Grant {
  doneAt: number | undefined;
}

/**
 * Shared by every request of a run. The guarantee: a request goes only when, for every limit, the request
 * `requests` places before it was answered at least `windowMs` ago. A server sees each request between
 * its start and its answer, so no window of `windowMs` there can hold more than `requests` of them,
 * whatever the network's delays. Pacing spreads requests evenly over the window rather than in bursts.
 * Requests go in the order they asked.
 */
export function createRateLimiter(
  limits: readonly WindowLimit[],
  options: RateLimiterOptions = {},
): RateLimiter {
  const clock = options.clock ?? realClock;
  const logs = limits.map(() => [] as Grant[]);
  const waiters = new Set<() => void>();
  let queue: Promise<unknown> = Promise.resolve();
  let pausedUntil = 0;
  let paceAt = 0;
  let scale = 1;
  let granted = 0;
  let throttled = 0;

  const allowedOf = (limit: WindowLimit) => Math.max(1, Math.floor(limit.requests * scale));
  const interval = () => Math.max(...limits.map((limit) => limit.windowMs / allowedOf(limit)));

  /** How long until a request may go (0: now), or "answer" while it waits for one in flight. */
  function waitNeeded(now: number): number | "answer" {
    let wait = Math.max(pausedUntil, paceAt) - now;
    for (const [index, limit] of limits.entries()) {
      const log = logs[index] ?? [];
      const allowed = allowedOf(limit);
      if (log.length < allowed) continue;
      const doneAt = log[log.length - allowed]?.doneAt;
      if (doneAt === undefined) return "answer";
      wait = Math.max(wait, doneAt + limit.windowMs - now);
    }
    return wait;
  }

  async function takeTurn(signal: AbortSignal | undefined): Promise<Release> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = waitNeeded(clock.now());
      if (wait === "answer") await nextAnswer(signal);
      else if (wait > 0) await clock.sleep(wait, signal);
      else break;
    }
    const now = clock.now();
    // A turn taken late (timers fire late) does not push the next one back by as much: one interval is made up.
    const spacing = interval();
    paceAt = Math.max(paceAt, now - spacing) + spacing;
    const grant: Grant = { doneAt: undefined };
    limits.forEach((limit, index) => {
      const log = logs[index] ?? [];
      log.push(grant);
      if (log.length > limit.requests) log.shift();
    });
    granted++;
    return () => {
      if (grant.doneAt !== undefined) return;
      grant.doneAt = clock.now();
      for (const wake of [...waiters]) wake();
    };
  }

  function nextAnswer(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        waiters.delete(done);
        signal?.removeEventListener("abort", aborted);
        resolve();
      };
      const aborted = () => {
        waiters.delete(done);
        reject(signal?.reason);
      };
      waiters.add(done);
      signal?.addEventListener("abort", aborted, { once: true });
    });
  }

  const acquireUnless = (signal: AbortSignal | undefined): Promise<Release> => {
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
      paceAt = Math.max(paceAt, pausedUntil); // no catching up on the time lost to the pause
    },
    stats: () => ({ granted, throttled, scale }),
  };
}

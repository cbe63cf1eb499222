import { MAX_TIMER_MS } from "../config/schema.js";
import { PER_CREDENTIAL_LIMIT, PER_IP_LIMIT, type WindowLimit } from "../core/window-limits.js";
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
  /**
   * Requests let through, 429s reported, the share of the configured rate now allowed, and the pauses
   * begun (a 429 answered while a pause lasts joins that pause: it was sent before the pause began).
   */
  stats(): {
    readonly granted: number;
    readonly throttled: number;
    readonly scale: number;
    readonly pauses: number;
  };
}

export interface RateLimiterOptions {
  readonly clock?: LimiterClock;
  /** Wait after a 429 without a readable Retry-After. */
  readonly defaultPauseMs?: number;
  /** The longest pause a 429 imposes, whatever its Retry-After asks (default MAX_PAUSE_MS). */
  readonly maxPauseMs?: number;
}

/** The longest a run pauses for one 429's Retry-After: a minute, the window LicenseSpring counts over. */
export const MAX_PAUSE_MS = 60_000;

/** The flood limits are kept with this margin: a run paces itself at most to 80% of them. */
export const FLOOD_MARGIN = 0.8;

/** The limits a run keeps to and the rate they allow, from the company's budget and the share it may use. */
export interface Pace {
  readonly limits: readonly WindowLimit[];
  /** Requests a second, sustained. */
  readonly rate: number;
  /** Requests a minute this run may send: the share of the budget. */
  readonly perMinute: number;
}

/**
 * A share of a per-minute budget, smoothly: the minute's share, no second holding more than the rate rounded
 * up, and both flood limits (50/s per credential, 200/10 s per IP) kept with FLOOD_MARGIN.
 */
export function budgetPace(budgetPerMinute: number, sharePercent: number): Pace {
  const perMinute = Math.max(1, Math.floor((budgetPerMinute * sharePercent) / 100));
  const flood = [PER_CREDENTIAL_LIMIT, PER_IP_LIMIT].map((limit) => ({
    requests: Math.floor(limit.requests * FLOOD_MARGIN),
    windowMs: limit.windowMs,
  }));
  const limits = [{ requests: perMinute, windowMs: 60_000 }, ...flood];
  const rate = sustainedRate(limits);
  return {
    limits: [...limits, { requests: Math.max(1, Math.ceil(rate)), windowMs: 1_000 }],
    rate,
    perMinute,
  };
}

/** An explicit `--rate`: that many a second, nothing else. */
export function fixedPace(perSecond: number): Pace {
  return { limits: [{ requests: perSecond, windowMs: 1_000 }], rate: perSecond, perMinute: perSecond * 60 };
}

/** Requests a second the limits allow over a long run. */
export function sustainedRate(limits: readonly WindowLimit[]): number {
  return Math.min(...limits.map((l) => (l.requests * 1000) / l.windowMs));
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
  let pauses = 0;
  const maxPauseMs = Math.min(options.maxPauseMs ?? MAX_PAUSE_MS, MAX_TIMER_MS);

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
      const now = clock.now();
      if (now >= pausedUntil) {
        pauses++;
        scale = Math.max(MIN_SCALE, scale * SLOWDOWN);
      }
      // Capped: a Retry-After of days (or beyond a timer's range) must not hold the run, nor overflow a timer.
      const pause = Math.min(Math.max(0, retryAfterMs ?? options.defaultPauseMs ?? 1_000), maxPauseMs);
      pausedUntil = Math.max(pausedUntil, now + pause);
      paceAt = Math.max(paceAt, pausedUntil); // no catching up on the time lost to the pause
    },
    stats: () => ({ granted, throttled, scale, pauses }),
  };
}

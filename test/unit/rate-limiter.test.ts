import { describe, expect, it } from "vitest";
import { createRateLimiter, type LimiterClock } from "../../src/api/rate-limiter.js";
import { parseWindowLimits } from "../../src/core/window-limits.js";

/** A clock that moves only when every waiter is asleep: to the next timer. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const clock: LimiterClock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        timers.push({ at: now + ms, wake: resolve });
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      }),
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  async function run(done: Promise<unknown>): Promise<void> {
    let finished = false;
    void done.finally(() => {
      finished = true;
    });
    while (!finished) {
      await settle();
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (!next) {
        await settle();
        if (!finished) throw new Error("stuck: nothing to wake");
        return;
      }
      now = Math.max(now, next.at);
      next.wake();
    }
  }
  return { clock, run, now: () => now };
}

/** `workers` clients sending `total` requests, each answered after latency(i) ms; grant and answer times. */
async function simulate(
  limits: Parameters<typeof createRateLimiter>[0],
  { total, workers, latency }: { total: number; workers: number; latency: (i: number) => number },
) {
  const fake = fakeClock();
  const limiter = createRateLimiter(limits, { clock: fake.clock });
  const sent: Array<{ at: number; done: number }> = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const release = await limiter.acquire();
      const entry = { at: fake.now(), done: Number.NaN };
      sent.push(entry);
      await fake.clock.sleep(latency(i));
      entry.done = fake.now();
      release();
    }
  };
  await fake.run(Promise.all(Array.from({ length: workers }, worker)));
  return { sent, limiter };
}

/** The most requests a server could see in one window: each is seen somewhere between its start and its answer. */
function worstWindow(sent: ReadonlyArray<{ at: number; done: number }>, requests: number, windowMs: number) {
  const byStart = [...sent].sort((a, b) => a.at - b.at);
  let violations = 0;
  for (let i = 0; i + requests < byStart.length; i++) {
    const first = byStart[i];
    const later = byStart[i + requests];
    if (first && later && later.at < first.done + windowMs) violations++;
  }
  return violations;
}

describe("rate limiter", () => {
  it("never lets more than N requests reach a server in any window, whatever their delays", async () => {
    const latencies = [5, 340, 12, 90, 700, 1, 45, 260, 30, 3];
    const { sent } = await simulate([{ requests: 5, windowMs: 1_000 }], {
      total: 120,
      workers: 12,
      latency: (i) => latencies[i % latencies.length] ?? 0,
    });
    expect(sent).toHaveLength(120);
    expect(worstWindow(sent, 5, 1_000)).toBe(0);
    // …and in every window of start times too (the strictest reading of "any 1-second window").
    for (const { at } of sent)
      expect(sent.filter((s) => s.at >= at && s.at < at + 1_000).length).toBeLessThanOrEqual(5);
  });

  it("spreads requests evenly over the window instead of sending a burst", async () => {
    const { sent } = await simulate([{ requests: 10, windowMs: 1_000 }], {
      total: 30,
      workers: 30,
      latency: () => 1,
    });
    const gaps = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
  });

  it("keeps to the strictest of several limits: 50/1s with 200/10s paces at one every 50 ms", async () => {
    const { sent } = await simulate(
      [
        { requests: 50, windowMs: 1_000 },
        { requests: 200, windowMs: 10_000 },
      ],
      { total: 250, workers: 16, latency: () => 10 },
    );
    expect(worstWindow(sent, 50, 1_000)).toBe(0);
    expect(worstWindow(sent, 200, 10_000)).toBe(0);
    expect((sent.at(-1)?.at ?? 0) - (sent[0]?.at ?? 0)).toBeGreaterThanOrEqual(249 * 50);
  });

  it("waits for an answer still in flight rather than assume it has reached the server", async () => {
    const { sent } = await simulate([{ requests: 2, windowMs: 1_000 }], {
      total: 3,
      workers: 3,
      latency: (i) => (i === 0 ? 5_000 : 1),
    });
    expect(sent[2]?.at).toBeGreaterThanOrEqual(6_000);
  });

  it("pauses everyone for Retry-After after a 429, then goes slower", async () => {
    const fake = fakeClock();
    const limiter = createRateLimiter([{ requests: 10, windowMs: 1_000 }], { clock: fake.clock });
    const times: number[] = [];
    const run = async () => {
      for (let i = 0; i < 8; i++) {
        const release = await limiter.acquire();
        times.push(fake.now());
        release();
        if (times.length === 3) limiter.throttled(3_000); // the third request was answered 429
      }
    };
    await fake.run(Promise.all([run(), run()]));
    const throttledAt = times[2] ?? 0;
    const after = times.slice(3);
    // Before the 429, one every 100 ms; after it, nothing for 3 s, then one every 1000/7 ms.
    expect(after.every((t) => t >= throttledAt + 3_000)).toBe(true);
    expect(Math.min(...after.slice(1).map((t, i) => t - (after[i] ?? 0)))).toBeGreaterThanOrEqual(142);
    expect(limiter.stats()).toMatchObject({ throttled: 1, scale: 0.75 });
  });

  it("gives up waiting at once when the signal aborts, and lets the others through", async () => {
    const fake = fakeClock();
    const limiter = createRateLimiter([{ requests: 1, windowMs: 1_000 }], { clock: fake.clock });
    (await limiter.acquire())();
    const controller = new AbortController();
    const waiting = limiter.acquireUnless(controller.signal);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    const later = limiter.acquire();
    await fake.run(later);
    expect(fake.now()).toBe(1_000);
  });
});

describe("parseWindowLimits", () => {
  it.each([
    ["50/1s", [{ requests: 50, windowMs: 1_000 }]],
    [
      "50/1s,200/10s",
      [
        { requests: 50, windowMs: 1_000 },
        { requests: 200, windowMs: 10_000 },
      ],
    ],
    ["5/250ms", [{ requests: 5, windowMs: 250 }]],
    ["100/m", [{ requests: 100, windowMs: 60_000 }]],
  ])("reads %s", (text, limits) => {
    expect(parseWindowLimits(text)).toEqual(limits);
  });

  it.each(["", "50", "0/1s", "50/0s", "fifty/1s", "50/1h"])("refuses %j", (text) => {
    expect(parseWindowLimits(text)).toBeUndefined();
  });
});

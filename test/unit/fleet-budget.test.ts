import { describe, expect, it } from "vitest";
import {
  type budgetPace,
  createRateLimiter,
  type LimiterClock,
  MAX_PAUSE_MS,
} from "../../src/api/rate-limiter.js";
import { interruptibleSleep } from "../../src/api/retry.js";
import { fleetBudget } from "../../src/commands/vars/set/fleet/fleet-budget.js";

/** A clock that jumps to the next timer once every waiter sleeps. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ at: number; wake: () => void }> = [];
  const clock: LimiterClock = {
    now: () => now,
    sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, wake: resolve })),
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
      if (!next) return;
      now = Math.max(now, next.at);
      next.wake();
    }
  }
  return { clock, run, now: () => now, timers };
}

async function paced(limits: ReturnType<typeof budgetPace>["limits"], total: number, workers = 16) {
  const fake = fakeClock();
  const limiter = createRateLimiter(limits, { clock: fake.clock });
  const starts: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next++ < total) {
      const release = await limiter.acquire();
      starts.push(fake.now());
      await fake.clock.sleep(20);
      release();
    }
  };
  await fake.run(Promise.all(Array.from({ length: workers }, worker)));
  return { starts, fake, limiter };
}

const busiest = (starts: readonly number[], windowMs: number) =>
  Math.max(...starts.map((at) => starts.filter((s) => s >= at && s < at + windowMs).length));

describe("the budget a run over many devices spends", () => {
  it("takes a quarter of the Free plan by default: 7.5 requests/s, no second over 8, 450 a minute", async () => {
    const budget = fleetBudget({}, undefined);
    expect(budget.plan).toBe("free");
    expect(budget.pace.rate).toBe(7.5);
    const { starts } = await paced(budget.pace.limits, 600);
    expect(busiest(starts, 1_000)).toBeLessThanOrEqual(8);
    expect(busiest(starts, 60_000)).toBeLessThanOrEqual(450);
    // Smooth: 600 requests take about 80 s, not a burst then a wait.
    expect((starts.at(-1) ?? 0) / 1000).toBeGreaterThan(78);
    expect((starts.at(-1) ?? 0) / 1000).toBeLessThan(85);
  });

  it("keeps clear of the flood limits with margin on a large plan: at most 80% of 200/10 s and 50/s", async () => {
    const budget = fleetBudget(
      { plan: { value: "enterprise", source: { kind: "default" } } } as never,
      undefined,
    );
    expect(budget.licenseApi).toBe(18_000);
    expect(budget.pace.rate).toBe(16);
    const { starts } = await paced(budget.pace.limits, 400);
    expect(busiest(starts, 10_000)).toBeLessThanOrEqual(160);
    expect(busiest(starts, 1_000)).toBeLessThanOrEqual(40);
  });

  it("paces the Management listing on the Management budget's share: 150 a minute on Free", () => {
    expect(fleetBudget({}, undefined).managementPace.perMinute).toBe(150);
  });

  it("takes the budget and the share from the settings, and an explicit --rate over both", () => {
    const settings = {
      apiBudget: { value: 6_000, source: { kind: "default" } },
      budgetShare: { value: 10, source: { kind: "default" } },
    } as never;
    expect(fleetBudget(settings, undefined).pace.rate).toBe(10);
    expect(fleetBudget(settings, 3).pace.rate).toBe(3);
  });

  it("never waits more than the cap for a 429, however long its Retry-After", async () => {
    const fake = fakeClock();
    const limiter = createRateLimiter([{ requests: 100, windowMs: 1_000 }], { clock: fake.clock });
    (await limiter.acquire())();
    limiter.throttled(3_000_000 * 1000);
    const waited = limiter.acquire();
    await fake.run(waited);
    expect(fake.now()).toBeLessThanOrEqual(MAX_PAUSE_MS);
    expect(fake.now()).toBeGreaterThan(MAX_PAUSE_MS - 1_000);
  });

  it("counts a 429 answered during a pause as part of that pause, not as another", () => {
    const fake = fakeClock();
    const limiter = createRateLimiter([{ requests: 100, windowMs: 1_000 }], { clock: fake.clock });
    limiter.throttled(1_000);
    limiter.throttled(1_000);
    expect(limiter.stats().pauses).toBe(1);
    expect(limiter.stats().throttled).toBe(2);
  });

  it("sleeps past a Node timer's range without a TimeoutOverflowWarning", async () => {
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(warning.name);
    process.on("warning", listen);
    const controller = new AbortController();
    const sleeping = interruptibleSleep(3_000_000_000_000, controller.signal).catch(() => "aborted");
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await sleeping).toBe("aborted");
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", listen);
    expect(warnings).not.toContain("TimeoutOverflowWarning");
  });
});

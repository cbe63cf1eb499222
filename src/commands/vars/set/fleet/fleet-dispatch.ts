import { AsyncLocalStorage } from "node:async_hooks";
import type { LicenseApi } from "../../../../api/client.js";
import { type DeviceVariable, trackDeviceVariables } from "../../../../api/device-variables.js";
import type { RateLimiter, RequestGate } from "../../../../api/rate-limiter.js";
import { CliError } from "../../../../core/cli-error.js";
import type { Variables } from "../../../../variables/variable-args.js";
import { type FleetTarget, toDeviceTarget } from "./fleet-target.js";

/** What happened to one device that was dispatched. */
export type DeviceOutcome =
  | { readonly target: FleetTarget; readonly ok: true; readonly attempts: number }
  | { readonly target: FleetTarget; readonly ok: false; readonly attempts: number; readonly error: CliError };

/** What a run does around each device's write (the journal): requests made here count for the device. */
export interface DeviceHooks {
  /** Before the write is sent (e.g. read the values before); a failure here fails the device, nothing sent. */
  before?(target: FleetTarget): Promise<void>;
  /** The write was sent: `tracked` is the confirmed answer, or undefined when it was not confirmed. */
  after?(target: FleetTarget, tracked: readonly DeviceVariable[] | undefined): void;
}

/** Counts the attempts of the device whose work is running, wherever in the transport they are made. */
const attemptsOf = new AsyncLocalStorage<{ attempts: number }>();

/**
 * The limiter as the transport sees it: each attempt counted for its device, and waiting for a turn stops
 * at Ctrl+C (nothing new goes out), while a request already sent is left to finish.
 */
export function countingGate(
  limiter: RateLimiter,
  signal: AbortSignal,
  onThrottled: (retryAfterMs: number | undefined) => void,
): RequestGate {
  return {
    acquire: async () => {
      const release = await limiter.acquireUnless(signal);
      const counter = attemptsOf.getStore();
      if (counter) counter.attempts++;
      return release;
    },
    throttled: (retryAfterMs) => {
      limiter.throttled(retryAfterMs);
      onThrottled(retryAfterMs);
    },
  };
}

/** One device's write: the variables it sends (tracked) or, for a run with its own work per device, that work. */
export type DeviceWork = Variables | ((target: FleetTarget) => Promise<readonly DeviceVariable[]>);

/**
 * Send the same variables (or do `work`) to every target, `concurrency` at a time; `onOutcome` hears of each device as
 * it finishes. After Ctrl+C no device is started, and one whose first request had not gone out is not
 * reported (it was not touched); the call returns once the requests in flight have finished.
 */
export async function dispatchFleet(
  api: LicenseApi,
  targets: readonly FleetTarget[],
  variables: DeviceWork,
  options: {
    concurrency: number;
    signal: AbortSignal;
    onOutcome: (outcome: DeviceOutcome) => void;
    hooks?: DeviceHooks | undefined;
  },
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (!options.signal.aborted && next < targets.length) {
      const target = targets[next++] as FleetTarget;
      const outcome = await sendOne(api, target, variables, options.signal, options.hooks ?? {});
      if (outcome) options.onOutcome(outcome);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

async function sendOne(
  api: LicenseApi,
  target: FleetTarget,
  variables: DeviceWork,
  signal: AbortSignal,
  hooks: DeviceHooks,
): Promise<DeviceOutcome | undefined> {
  const counter = { attempts: 0 };
  let sent = false;
  try {
    await attemptsOf.run(counter, async () => {
      await hooks.before?.(target);
      signal.throwIfAborted();
      sent = true;
      // The one answer check (api/answer-checks.ts), as for one device.
      const tracked =
        typeof variables === "function"
          ? await variables(target)
          : await trackDeviceVariables(api, toDeviceTarget(target), variables);
      hooks.after?.(target, tracked);
    });
    return { target, ok: true, attempts: counter.attempts };
  } catch (error) {
    if (sent) hooks.after?.(target, undefined);
    if (signal.aborted && error === signal.reason) {
      if (!sent) return undefined; // its write never went out: untouched (a read before it changes nothing)
      const interrupted = new CliError("network", "Interrupted before a retry could be sent.", {
        code: "interrupted",
      });
      return { target, ok: false, attempts: counter.attempts, error: interrupted };
    }
    const failure =
      error instanceof CliError
        ? error
        : new CliError("internal", `Unexpected internal error: ${(error as Error).message}`, {
            code: "internal_error",
          });
    return { target, ok: false, attempts: counter.attempts, error: failure };
  }
}

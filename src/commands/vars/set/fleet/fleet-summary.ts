import { CliError, type ErrorKind } from "../../../../core/cli-error.js";

/**
 * Which failure decides the exit code when devices failed in different ways, most serious first:
 * verification (7: an answer that cannot be trusted) > auth (4: nothing will work until the credentials are
 * fixed) > config (3) > internal (1) > network (6: may pass on a retry) > api (5: the API refused that one
 * device, e.g. device_not_found) > usage (2).
 */
export const SEVERITY: readonly ErrorKind[] = [
  "verification",
  "auth",
  "config",
  "internal",
  "network",
  "api",
  "usage",
];

export interface FleetTally {
  /** Devices to send to (set once the devices are known). */
  total: number;
  succeeded: number;
  failed: number;
  /** Failures by kind and code: `api device_not_found` → 3. */
  readonly failures: Map<string, { readonly kind: ErrorKind; readonly code: string; count: number }>;
  /** 429 answers seen over the run. */
  throttled: number;
  /** The first failures, in the order they happened (for a step summary). */
  readonly firstFailures: Array<{ readonly device: string; readonly message: string }>;
}

/** Failures kept by name for a step summary. */
export const FIRST_FAILURES = 10;

export function createTally(total: number): FleetTally {
  return { total, succeeded: 0, failed: 0, failures: new Map(), throttled: 0, firstFailures: [] };
}

export function countFailure(tally: FleetTally, kind: ErrorKind, code: string): void {
  tally.failed++;
  const key = `${kind} ${code}`;
  const entry = tally.failures.get(key);
  if (entry) entry.count++;
  else tally.failures.set(key, { kind, code, count: 1 });
}

/** The most serious kind among the failures, by SEVERITY. */
export function mostSerious(tally: FleetTally): ErrorKind | undefined {
  const kinds = new Set([...tally.failures.values()].map((f) => f.kind));
  return SEVERITY.find((kind) => kinds.has(kind));
}

/** `2 device_not_found (api), 1 connection_failed (network)`, most serious first. */
export function describeFailures(tally: FleetTally): string {
  return [...tally.failures.values()]
    .sort((a, b) => SEVERITY.indexOf(a.kind) - SEVERITY.indexOf(b.kind) || b.count - a.count)
    .map(({ kind, code, count }) => `${count} ${code} (${kind})`)
    .join(", ");
}

/** The error a run with failures ends with: its kind is the most serious failure's, so is its exit code. */
export function fleetFailure(tally: FleetTally, report: string | undefined): CliError | undefined {
  const kind = mostSerious(tally);
  if (!kind) return undefined;
  const hint = report
    ? `Each device's outcome is in ${report}; fix the cause, then rerun with --resume ${report} to send only to the devices that did not succeed.`
    : "Pass --report FILE to record each device's outcome, then --resume FILE to send only to the devices that did not succeed.";
  return new CliError(
    kind,
    `${tally.failed} of ${tally.total} device${tally.total === 1 ? "" : "s"} failed: ${describeFailures(tally)}.`,
    { code: "devices_failed", hint },
  );
}

import type { Context } from "../../../../context.js";
import type { CliError } from "../../../../core/cli-error.js";
import { escapeControl } from "../../../../output/escape-terminal.js";
import { summarizeWrite } from "../../../../output/github-actions-summary.js";
import type { Variables } from "../../../../variables/variable-args.js";
import { describeRate, type FleetBudget } from "./fleet-budget.js";
import type { DeviceOutcome } from "./fleet-dispatch.js";
import { formatDuration } from "./fleet-progress.js";
import type { ReportWriter } from "./fleet-report.js";
import {
  countFailure,
  describeFailures,
  FIRST_FAILURES,
  type FleetTally,
  fleetFailure,
} from "./fleet-summary.js";

/** The flags of a run over many devices, checked (readFleetFlags): numbers parsed, combinations refused. */
export interface CheckedFleetFlags {
  /** `--devices FILE`; else `--all-devices`. */
  readonly devicesFile?: string | undefined;
  /** `--all-licenses` (with --all-devices): every license of the product, not the configured license's. */
  readonly allLicenses?: boolean | undefined;
  /** `--rate N`: requests a second, instead of the documented flood limits. */
  readonly rate?: number | undefined;
  /** `--concurrency N`: requests in flight at once. */
  readonly concurrency: number;
  readonly report?: string | undefined;
  readonly resume?: string | undefined;
  readonly dryRun: boolean;
  /** --yes: no question before the run. */
  readonly yes: boolean;
}

/**
 * Count one device's outcome, and append its report line at once. `digest` names the variables sent;
 * `scrub` removes every secret the run knows from an error message (a server may echo what it was sent).
 */
export function recordOutcome(
  tally: FleetTally,
  report: ReportWriter | undefined,
  outcome: DeviceOutcome,
  { digest, scrub }: { digest: string; scrub: (text: string) => string },
): void {
  if (outcome.ok) tally.succeeded++;
  else {
    countFailure(tally, outcome.error.kind, outcome.error.code);
    if (tally.firstFailures.length < FIRST_FAILURES)
      tally.firstFailures.push({ device: outcome.target.hardware_id, message: scrub(outcome.error.message) });
  }
  report?.append({
    target: outcome.target,
    outcome: outcome.ok ? "succeeded" : "failed",
    error_code: outcome.ok ? null : outcome.error.code,
    error_kind: outcome.ok ? null : outcome.error.kind,
    message: outcome.ok ? null : scrub(outcome.error.message),
    attempts: outcome.attempts,
    variables: digest,
    finished_at: new Date().toISOString(),
  });
}

export interface RunEnd {
  /** The command, for the step summary: "vars set", "vars apply". */
  readonly command: string;
  /** The first part of the text summary, instead of "Set N variables on S of T devices". */
  readonly headline?: string | undefined;
  /** More fields of the --json summary (vars apply: its plans and total changes). */
  readonly json?: Readonly<Record<string, unknown>> | undefined;
  readonly tally: FleetTally;
  readonly skipped: number;
  readonly seconds: number;
  readonly variables: Variables;
  readonly reportPath: string | undefined;
  readonly budget: FleetBudget;
  /** Requests the limiter let through (reads and retries included). */
  readonly requests: number;
  readonly estimatedSeconds: number;
  readonly journalId: string | undefined;
  /** The run stopped itself (the API kept throttling): its error ends the run once the summary is out. */
  readonly stopped: CliError | undefined;
}

/**
 * The run's summary on stdout (a JSON object with --json); after Ctrl+C, what is left to do; with failures,
 * the error of the most serious one (its exit code is the run's).
 */
export function finishRun(ctx: Context, end: RunEnd): void {
  const { tally, skipped, seconds, reportPath } = end;
  const interrupted = ctx.signal.aborted;
  const notSent = tally.total - tally.succeeded - tally.failed;
  const rate = seconds > 0 ? (tally.succeeded + tally.failed) / seconds : 0;
  // In GitHub Actions: the many-devices step summary (counts and the first failures); nothing elsewhere.
  summarizeWrite(ctx.io.env, ctx.out, {
    command: end.command,
    devices: tally.total + skipped,
    succeeded: tally.succeeded,
    failed: tally.failed,
    skipped: skipped + notSent,
    firstFailures: tally.firstFailures,
  });
  if (ctx.out.json) {
    ctx.out.result(
      JSON.stringify({
        ...end.json,
        devices: tally.total + skipped,
        succeeded: tally.succeeded,
        failed: tally.failed,
        skipped,
        not_sent: notSent,
        interrupted,
        failures: Object.fromEntries(
          [...tally.failures.values()].map((f) => [f.code, { kind: f.kind, count: f.count }]),
        ),
        throttled: tally.throttled,
        seconds: Math.round(seconds * 1000) / 1000,
        rate: Math.round(rate * 10) / 10,
        plan: end.budget.plan,
        budget_rate: Math.round(end.budget.pace.rate * 10) / 10,
        requests: end.requests,
        estimated_seconds: Math.round(end.estimatedSeconds * 10) / 10,
        stopped: end.stopped ? end.stopped.code : null,
        journal: end.journalId ?? null,
      }),
    );
  } else {
    const count = Object.keys(end.variables).length;
    const parts = [
      `${end.headline ?? `Set ${count} variable${count === 1 ? "" : "s"}`} on ${tally.succeeded} of ${tally.total} device${tally.total === 1 ? "" : "s"} in ${seconds.toFixed(1)} s (${rate.toFixed(1)} devices/s)`,
      ...(skipped > 0 ? [`${skipped} skipped (already done)`] : []),
      ...(tally.failed > 0 ? [`${tally.failed} failed: ${describeFailures(tally)}`] : []),
      ...(notSent > 0 ? [`${notSent} not sent`] : []),
      ...(tally.throttled > 0 ? [`${tally.throttled} throttled (429) answers`] : []),
    ];
    // Server codes are in it: escaped like the error line below, never raw (OSC 52, screen clear, titles).
    ctx.out.result(escapeControl(parts.join("; ")));
    ctx.out.info(
      `Rate: ${describeRate(end.budget)}; ${end.requests} requests in ${formatDuration(seconds)} (estimated ${formatDuration(end.estimatedSeconds)}).`,
    );
    if (end.journalId)
      ctx.out.info(`Journal: run ${end.journalId}; take it back with licensectl undo ${end.journalId}.`);
  }
  if (end.stopped) {
    const resume = reportPath ? ` --resume ${reportPath} sends the ${notSent} not sent.` : "";
    ctx.out.info(`Stopped: ${notSent} device${notSent === 1 ? "" : "s"} not sent.${resume}`);
    throw end.stopped;
  }
  if (interrupted) {
    const resume = reportPath
      ? `rerun with --resume ${reportPath} to finish`
      : "pass --report FILE next time to be able to --resume";
    ctx.out.info(`Interrupted: ${notSent} device${notSent === 1 ? "" : "s"} not sent; ${resume}.`);
    return;
  }
  const failure = fleetFailure(tally, reportPath);
  if (failure) throw failure;
}

import { getDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { type CliError, cancelledError, OUTCOME_EXIT_CODES, OutcomeExit } from "../../../core/cli-error.js";
import { renderTable } from "../../../output/text-table.js";
import { confirmWrite } from "../../../terminal/prompt.js";
import { type ApplyCounts, type ApplyStep, countApply, planApply } from "../../../variables/apply-plan.js";
import { toVariablesObject, type VariableValue } from "../../../variables/variable-args.js";
import { describeRate } from "../set/fleet/fleet-budget.js";
import { dispatchFleet } from "../set/fleet/fleet-dispatch.js";
import { dispatchRecorded, openFleet, openRunRecords } from "../set/fleet/fleet-open.js";
import { type CheckedFleetFlags, finishRun } from "../set/fleet/fleet-outcomes.js";
import { formatDuration } from "../set/fleet/fleet-progress.js";
import { targetsDigest } from "../set/fleet/fleet-report.js";
import { skipSucceeded } from "../set/fleet/fleet-run.js";
import { countFailure, fleetFailure } from "../set/fleet/fleet-summary.js";
import { type FleetTarget, targetKey, toDeviceTarget, variablesDigest } from "../set/fleet/fleet-target.js";
import { applyPlanToDevice } from "./apply-device.js";

/** One device's plan, as read before anything is sent. */
interface DevicePlan {
  readonly target: FleetTarget;
  readonly steps: ApplyStep[];
  readonly counts: ApplyCounts;
  /** The device's ID as the read gave it (a device with variables), for deletions. */
  readonly deviceId: number | undefined;
}

/**
 * `vars apply --file F --devices FILE | --all-devices`: the same desired variables on many devices, on the
 * machinery of `vars set` over many devices (budget, limiter, report, progress, summary). First every device is
 * read and planned (paced like any request of the run); the plan is printed with per-device counts; a dry run
 * stops there (exit 10 when any device has changes pending). Otherwise, asking first when more than one device
 * changes or anything is deleted, each device with changes gets one track request and, with --prune, its
 * deletions through the Management API; every change is journalled, so `undo` reverses the run.
 */
export async function runApplyFleet(
  ctx: Context,
  desired: ReadonlyMap<string, VariableValue>,
  file: string,
  prune: boolean,
  options: CheckedFleetFlags,
): Promise<void> {
  const fleet = await openFleet(ctx, options, prune && !options.dryRun);
  const { budget, limiter, tally, api, found, signal } = fleet;
  const variables = toVariablesObject(new Map(desired));
  const reportHeader = {
    targets: targetsDigest(found.targets.map(targetKey)),
    variables: variablesDigest(variables),
  };
  const { targets, skipped } = await skipSucceeded(
    ctx,
    found.targets,
    variables,
    options.resume,
    reportHeader,
  );
  // With --json, stderr is kept for the error object (as for vars set on many devices).
  const reads = targets.filter((t) => found.listed?.get(t)?.variables === undefined).length;
  if (!ctx.out.json)
    ctx.out.info(
      `Planning ${targets.length} device${targets.length === 1 ? "" : "s"}: ${reads} read${reads === 1 ? "" : "s"}${reads < targets.length ? ` (the listing holds the variables of ${targets.length - reads})` : ""}; rate: ${describeRate(budget)}.`,
    );

  // The plan: one read per device (none where the listing holds the variables), paced; a device that cannot
  // be read fails, and nothing is sent to it.
  const plans = new Map<FleetTarget, DevicePlan>();
  const readFailures: Array<{ target: FleetTarget; error: CliError }> = [];
  await dispatchFleet(
    api,
    targets,
    async (target) => {
      // A listing that holds each device's variables (--all-devices) is the read: no request more.
      const listed = found.listed?.get(target);
      const current = listed?.variables
        ? [...listed.variables].map(([variable, value]) => ({ variable, value, device_id: listed.id }))
        : await getDeviceVariables(api, toDeviceTarget(target));
      const steps = planApply(current, desired, prune);
      plans.set(target, {
        target,
        steps,
        counts: countApply(steps),
        deviceId: current[0]?.device_id ?? target.device_id,
      });
      return [];
    },
    {
      concurrency: options.concurrency,
      signal,
      onOutcome: (outcome) => {
        if (!outcome.ok) readFailures.push({ target: outcome.target, error: outcome.error });
      },
    },
  );
  const stoppedWhileReading = fleet.stopped();
  if (stoppedWhileReading) throw stoppedWhileReading;
  if (ctx.signal.aborted) throw cancelledError("Interrupted while reading: nothing was sent.");

  const ordered = targets.flatMap((t) => plans.get(t) ?? []);
  const total = totals(ordered);
  const changing = ordered.filter((p) => p.counts.changes > 0);
  const planJson = ordered.map((p) => ({
    target: p.target,
    ...p.counts,
    variables: p.steps.filter((s) => s.action !== "same"),
  }));
  renderFleetApplyPlan(ctx, ordered, total, file, skipped, readFailures.length);
  for (const { target, error } of readFailures)
    ctx.out.warn(`${target.hardware_id}: not read, so not planned: ${error.message}`);

  if (options.dryRun) {
    if (ctx.out.json)
      ctx.out.result(
        JSON.stringify(
          { applied: false, devices: ordered.length, plans: planJson, ...total, unread: readFailures.length },
          null,
          2,
        ),
      );
    // The devices planned and those that could not be read: the failure names how many of them failed.
    tally.total = ordered.length + readFailures.length;
    for (const { error } of readFailures) countFailure(tally, error.kind, error.code);
    const failure = fleetFailure(tally, undefined);
    if (failure) throw failure;
    if (total.changes > 0) throw new OutcomeExit(OUTCOME_EXIT_CODES.changesPending);
    return;
  }
  // The writes: one track per device with something to set; with --prune, one listing and a DELETE per variable
  // on the Management API, paced by its own (smaller) budget, which then decides how long the run takes.
  const licenseRequests = changing.filter((p) => p.counts.add + p.counts.change > 0).length;
  const managementRequests = changing.filter((p) => p.counts.remove > 0).length + total.remove;
  const estimatedSeconds = Math.max(
    licenseRequests / budget.pace.rate,
    managementRequests / budget.managementPace.rate,
  );
  if (!ctx.out.json)
    ctx.out.info(
      `Writes: ${licenseRequests} License API request${licenseRequests === 1 ? "" : "s"}${managementRequests > 0 ? ` and ${managementRequests} Management API request${managementRequests === 1 ? "" : "s"} (at ${Math.round(budget.managementPace.rate * 10) / 10}/s)` : ""}, about ${formatDuration(estimatedSeconds)}.`,
    );
  if (changing.length > 1 || total.remove > 0) {
    const question = `Apply ${file} to ${changing.length} device${changing.length === 1 ? "" : "s"}: ${total.add} to add, ${total.change} to change, ${total.remove} to remove?`;
    const what = `This applies ${file} to ${changing.length} device${changing.length === 1 ? "" : "s"}${total.remove > 0 ? `, deleting ${total.remove} variable${total.remove === 1 ? "" : "s"}` : ""}`;
    if (!(await confirmWrite(ctx.io, ctx.globals.input, question, options.yes, what)))
      throw cancelledError("Cancelled: nothing was sent.");
  }

  tally.total = changing.length + readFailures.length;
  const reportPath = options.report ?? options.resume;
  // Journalled unless --no-journal (journal: false): the values before come from the plan's reads.
  const { journal, report } = openRunRecords(ctx, "apply", fleet.settings.journal?.value !== false, {
    path: reportPath,
    header: reportHeader,
    devicesFile: options.devicesFile,
  });
  const pruneTarget = prune ? fleet.management : undefined;
  const seconds = await dispatchRecorded(
    ctx,
    fleet,
    { journal, report },
    {
      targets: changing.map((p) => p.target),
      work: async (target) => {
        const plan = plans.get(target) as DevicePlan;
        await applyPlanToDevice(api, toDeviceTarget(target), plan.steps, journal, pruneTarget, plan.deviceId);
        return [];
      },
      concurrency: options.concurrency,
      digest: reportHeader.variables,
      recorded: readFailures.map(({ target, error }) => ({ target, ok: false, attempts: 1, error })),
    },
  );
  finishRun(ctx, {
    command: "vars apply",
    headline: `Applied ${file} (${total.add} added, ${total.change} changed, ${total.remove} removed; ${ordered.length - changing.length} device${ordered.length - changing.length === 1 ? "" : "s"} already matched)`,
    json: { applied: true, plans: planJson, changes: total.changes },
    tally,
    skipped,
    seconds,
    variables,
    reportPath,
    budget,
    requests: limiter.stats().granted,
    estimatedSeconds,
    journalId: journal.id,
    stopped: fleet.stopped(),
  });
}

function totals(plans: readonly DevicePlan[]): ApplyCounts {
  const sum = { add: 0, change: 0, remove: 0, same: 0, changes: 0 };
  for (const { counts } of plans) {
    sum.add += counts.add;
    sum.change += counts.change;
    sum.remove += counts.remove;
    sum.same += counts.same;
    sum.changes += counts.changes;
  }
  return sum;
}

/** The plan for people: a caption with the totals (a notice) and a table of per-device counts on stdout. */
function renderFleetApplyPlan(
  ctx: Context,
  plans: readonly DevicePlan[],
  total: ApplyCounts,
  file: string,
  skipped: number,
  unread: number,
): void {
  if (ctx.out.json) return;
  const changing = plans.filter((p) => p.counts.changes > 0).length;
  ctx.out.notice(
    `Plan: ${file} on ${plans.length} device${plans.length === 1 ? "" : "s"}: ${changing} to change (${total.add} to add, ${total.change} to change, ${total.remove} to remove), ${plans.length - changing} already as the file says` +
      `${skipped > 0 ? `; ${skipped} skipped (they succeeded in the report)` : ""}${unread > 0 ? `; ${unread} not read` : ""}.`,
  );
  if (plans.length === 0) return;
  ctx.out.result(
    renderTable(
      [
        { header: "HARDWARE ID" },
        { header: "ADD" },
        { header: "CHANGE" },
        { header: "REMOVE" },
        { header: "SAME" },
      ],
      plans.map((p) => [
        p.target.hardware_id,
        String(p.counts.add),
        String(p.counts.change),
        String(p.counts.remove),
        String(p.counts.same),
      ]),
      ctx.out.stdoutPaint,
      ctx.out.tableWidth,
    ),
  );
}

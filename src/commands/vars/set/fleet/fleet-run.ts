import type { Context } from "../../../../context.js";
import { cancelledError, usageError } from "../../../../core/cli-error.js";
import { confirmWrite } from "../../../../terminal/prompt.js";
import {
  toVariablesObject,
  type Variables,
  type VariableValue,
} from "../../../../variables/variable-args.js";
import { planLines } from "./fleet-budget.js";
import { journalHooks } from "./fleet-journal.js";
import { dispatchRecorded, openFleet, openRunRecords } from "./fleet-open.js";
import { type CheckedFleetFlags, finishRun } from "./fleet-outcomes.js";
import { readResumePoint, targetsDigest } from "./fleet-report.js";
import { type FleetTarget, targetKey, variablesDigest } from "./fleet-target.js";
import { renderFleetPlan } from "./render-fleet-plan.js";

export type { CheckedFleetFlags } from "./fleet-outcomes.js";

/**
 * `vars set … --devices FILE | --all-devices`: the same variables on every device, under one rate limiter.
 * Input is checked whole first (variables, devices file, report to resume); then a dry run shows the plan,
 * or the run dispatches, reporting each device as it finishes.
 */
export async function runFleet(
  ctx: Context,
  collected: ReadonlyMap<string, VariableValue>,
  options: CheckedFleetFlags,
): Promise<void> {
  const variables = toVariablesObject(new Map(collected));
  const fleet = await openFleet(ctx, options, false);
  const { settings, budget, limiter, tally, api, found } = fleet;
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
  // --no-journal (journal: false): the values before are not read, and the run cannot be undone.
  const journalled = settings.journal?.value !== false;
  const listingHoldsValues =
    found.listed !== undefined && targets.every((t) => found.listed?.get(t)?.variables !== undefined);
  const requestsPerDevice = journalled && !listingHoldsValues ? 2 : 1;
  const names = Object.entries(variables)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(", ");
  const plan = planLines(budget, {
    devices: targets.length,
    names,
    scope: found.scope,
    requestsPerDevice,
    journal: journalled,
  });
  if (options.dryRun) {
    for (const line of plan) ctx.out.info(line);
    renderFleetPlan(ctx.out, { targets, variables, skipped, rate: Math.round(budget.pace.rate * 10) / 10 });
    return;
  }
  // With --json, stderr is kept for the error object: the plan is in the summary (and in the question).
  if (!ctx.out.json) for (const line of plan) ctx.out.info(line);
  if (targets.length > 1 || skipped > 0) {
    const question = `${ctx.out.json ? `${plan.join("\n")}\n` : ""}Set ${names} on ${targets.length} devices?`;
    if (!(await confirmWrite(ctx.io, ctx.globals.input, question, options.yes)))
      throw cancelledError("Cancelled: nothing was sent.");
  }
  tally.total = targets.length;
  const reportPath = options.report ?? options.resume;
  // Always journalled: with --no-journal the values before are unknown, and the journal says so.
  const { journal, report } = openRunRecords(ctx, "set", true, {
    path: reportPath,
    header: reportHeader,
    devicesFile: options.devicesFile,
  });
  if (skipped > 0)
    ctx.out.info(
      `Resuming: ${skipped} device${skipped === 1 ? "" : "s"} already succeeded, ${targets.length} to go.`,
    );
  const seconds = await dispatchRecorded(
    ctx,
    fleet,
    { journal, report },
    {
      targets,
      work: variables,
      concurrency: options.concurrency,
      digest: reportHeader.variables,
      hooks: journalHooks(api, variables, journal, journalled ? found.listed : undefined, journalled),
    },
  );
  const stopped = fleet.stopped();
  finishRun(ctx, {
    command: "vars set",
    tally,
    skipped,
    seconds,
    variables,
    reportPath,
    budget,
    requests: limiter.stats().granted,
    estimatedSeconds: (targets.length * requestsPerDevice) / budget.pace.rate,
    journalId: journal.id,
    stopped,
  });
}

/** A report to resume from: its succeeded devices are dropped, if they got these same variables. */
export async function skipSucceeded(
  ctx: Context,
  targets: readonly FleetTarget[],
  variables: Variables,
  resume: string | undefined,
  expected: { readonly targets: string; readonly variables: string },
): Promise<{ targets: FleetTarget[]; skipped: number }> {
  if (!resume) return { targets: [...targets], skipped: 0 };
  const point = await readResumePoint(ctx, resume, targetKey, expected);
  const digest = variablesDigest(variables);
  const remaining: FleetTarget[] = [];
  let other = 0;
  for (const target of targets) {
    const done = point.succeeded.get(targetKey(target));
    if (done === undefined) remaining.push(target);
    else if (done !== digest) other++;
  }
  if (other > 0) {
    throw usageError(
      `--resume ${resume} was written for other variables (${other} device${other === 1 ? "" : "s"} got them): resuming would leave those devices with different variables.`,
      "Resume with the same variables as the run that wrote the report, or start a new report without --resume.",
      "resume_mismatch",
    );
  }
  return { targets: remaining, skipped: targets.length - remaining.length };
}

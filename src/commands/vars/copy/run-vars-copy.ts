import { getDeviceVariables, trackDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { failureOutcome, stepSummaryWanted, summarizeWrite } from "../../../output/github-actions-summary.js";
import { renderVariables } from "../../../output/variables-table.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject, type VariableValue } from "../../../variables/variable-args.js";
import { renderPlan } from "../set/render-plan.js";

export interface VarsCopyOptions {
  readonly from: string;
  readonly to: string;
  readonly dryRun: boolean;
}

/** Read --from, then show the plan for --to (dry run) or write it with track_device_variables and check it. */
export async function runVarsCopy(ctx: Context, options: VarsCopyOptions): Promise<void> {
  const { from, to } = options;
  if (from === "" || to === "") throw usageError("--from and --to need a hardware ID each.");
  if (from === to) {
    throw usageError(
      "--from and --to name the same hardware ID: there is nothing to copy.",
      "Pass the old device's hardware ID to --from and the new one's to --to (see `licensectl devices list`).",
    );
  }
  const session = await openDeviceSession(ctx);
  const source = { ...session.target, hardwareId: from };
  const target = { ...session.target, hardwareId: to };
  const copied = new Map<string, VariableValue>(
    (await getDeviceVariables(session.api, source)).map((v) => [v.variable, v.value]),
  );
  const toResolved = { value: to, source: { type: "flag", name: "--to" } } as const;
  if (options.dryRun) {
    renderPlan(ctx.out, planChanges(await getDeviceVariables(session.api, target), copied), toResolved);
    return;
  }
  if (copied.size === 0) {
    ctx.out.info(`The device ${from} (--from) has no variables: nothing was copied.`);
    if (ctx.out.json) ctx.out.result("[]");
    return;
  }
  // In GitHub Actions the step summary shows each value before → after: read what the copy replaces.
  const summary = stepSummaryWanted(ctx.io.env) ? { command: "vars copy", device: to } : undefined;
  const before = new Map<string, VariableValue>();
  const rows = (after: ReadonlyMap<string, VariableValue>) =>
    [...copied.keys()].map((variable) => ({
      variable,
      before: before.get(variable) ?? null,
      after: after.get(variable) ?? null,
    }));
  let tracked: Awaited<ReturnType<typeof trackDeviceVariables>>;
  try {
    if (summary) {
      for (const v of await getDeviceVariables(session.api, target)) before.set(v.variable, v.value);
    }
    tracked = await trackDeviceVariables(session.api, target, toVariablesObject(copied));
  } catch (error) {
    if (summary) {
      summarizeWrite(ctx.io.env, ctx.out, {
        ...summary,
        changes: rows(copied),
        outcome: failureOutcome(error),
        failed: true,
      });
    }
    throw error;
  }
  if (summary) {
    const stored = new Map(tracked.map((v) => [v.variable, v.value]));
    summarizeWrite(ctx.io.env, ctx.out, {
      ...summary,
      changes: rows(stored),
      outcome: `${tracked.length} copied from ${from}`,
      failed: false,
    });
  }
  renderVariables(ctx.out, {
    variables: tracked,
    hardwareId: toResolved,
    heading: `Copied ${tracked.length} variable${tracked.length === 1 ? "" : "s"} from ${from}`,
    emptyMessage: "The server tracked no variables.",
  });
}

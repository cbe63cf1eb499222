import { getDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { journalledTrack } from "../../../journal/device-journal.js";
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
  const tracked = await journalledTrack(
    ctx,
    session.api,
    target,
    toVariablesObject(copied),
    session.settings.journal?.value !== false,
    "copy",
  );
  renderVariables(ctx.out, {
    variables: tracked,
    hardwareId: toResolved,
    heading: `Copied ${tracked.length} variable${tracked.length === 1 ? "" : "s"} from ${from}`,
    emptyMessage: "The server tracked no variables.",
  });
}

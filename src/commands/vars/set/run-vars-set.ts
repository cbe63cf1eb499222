import { getDeviceVariables, trackDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { renderVariables } from "../../../output/variables-table.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject } from "../../../variables/variable-args.js";
import { collectSetVariables, type SetInputOptions } from "./collect-set-variables.js";
import { renderPlan } from "./render-plan.js";

export interface VarsSetOptions extends SetInputOptions {
  /** `--dry-run`: read the device's variables, print what would change, send nothing. */
  readonly dryRun: boolean;
}

export async function runVarsSet(
  ctx: Context,
  pairs: readonly string[],
  options: VarsSetOptions,
): Promise<void> {
  // Every argument and the whole file are checked before anything else happens: bad input sends nothing.
  const variables = await collectSetVariables(ctx, pairs, options);
  const session = await openDeviceSession(ctx);
  if (options.dryRun) {
    const current = await getDeviceVariables(session.api, session.target);
    renderPlan(ctx.out, planChanges(current, variables), session.hardwareId);
    return;
  }
  const tracked = await trackDeviceVariables(session.api, session.target, toVariablesObject(variables));
  renderVariables(ctx.out, {
    variables: tracked,
    hardwareId: session.hardwareId,
    heading: `Tracked ${tracked.length} variable${tracked.length === 1 ? "" : "s"}`,
    emptyMessage: "The server tracked no variables.",
  });
}

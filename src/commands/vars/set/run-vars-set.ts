import { getDeviceVariables, trackDeviceVariables } from "../../../api/device-variables.js";
import type { Context } from "../../../context.js";
import { renderVariables } from "../../../output/variables-table.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject } from "../../../variables/variable-args.js";
import { collectSetVariables, type SetInputOptions } from "./collect-set-variables.js";
import { type FleetOptions, runFleet } from "./fleet/fleet-run.js";
import { renderPlan } from "./render-plan.js";

export interface VarsSetOptions extends SetInputOptions {
  /** `--dry-run`: read the device's variables, print what would change, send nothing. */
  readonly dryRun: boolean;
  /** `--devices FILE` or `--all-devices`, with the flags of such a run; absent: the one configured device. */
  readonly fleet?: FleetOptions | undefined;
}

export async function runVarsSet(
  ctx: Context,
  pairs: readonly string[],
  options: VarsSetOptions,
): Promise<void> {
  // Every argument and the whole file are checked before anything else happens: bad input sends nothing.
  const variables = await collectSetVariables(ctx, pairs, options);
  if (options.fleet) return runFleet(ctx, variables, options.fleet);
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

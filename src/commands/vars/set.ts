import { trackDeviceVariables } from "../../api/device-variables.js";
import type { Context } from "../../context.js";
import { renderVariables } from "../../output/variables.js";
import { openDeviceSession } from "../../session.js";
import { parseVariableArgs, toVariablesObject } from "../../variables.js";

export interface VarsSetOptions {
  readonly stringsOnly: boolean;
}

export async function runVarsSet(
  ctx: Context,
  pairs: readonly string[],
  options: VarsSetOptions,
): Promise<void> {
  // Every argument is checked before anything else happens: a bad one sends nothing.
  const variables = parseVariableArgs(pairs, { stringsOnly: options.stringsOnly });
  const session = openDeviceSession(ctx);
  const tracked = await trackDeviceVariables(session.api, session.target, toVariablesObject(variables));
  renderVariables(ctx.out, {
    variables: tracked,
    hardwareId: session.hardwareId,
    heading: `Tracked ${tracked.length} variable${tracked.length === 1 ? "" : "s"}`,
    emptyMessage: "The server tracked no variables.",
  });
}

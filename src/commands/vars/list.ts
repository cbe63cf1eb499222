import { getDeviceVariables } from "../../api/device-variables.js";
import { describeSource } from "../../config/source.js";
import type { Context } from "../../context.js";
import { renderVariables } from "../../output/variables.js";
import { openDeviceSession } from "../../session.js";

export async function runVarsList(ctx: Context): Promise<void> {
  const session = openDeviceSession(ctx);
  const variables = await getDeviceVariables(session.api, session.target);
  const { hardwareId } = session;
  renderVariables(ctx.out, {
    variables,
    hardwareId,
    heading: `${variables.length} variable${variables.length === 1 ? "" : "s"}`,
    emptyMessage: `No variables on the device with hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)}).`,
  });
}

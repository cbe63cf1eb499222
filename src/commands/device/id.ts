import type { Context } from "../../context.js";
import { resolveHardwareId } from "../../hardware-id.js";
import { explainHardwareId } from "../../hardware-id-explain.js";
import { systemReads } from "../../machine.js";
import { renderHardwareId } from "../../output/hardware-id.js";
import { loadSettings } from "../../settings.js";

export interface DeviceIdOptions {
  /** --explain: where the ID came from and how it was derived, for people. */
  readonly explain: boolean;
}

/** The hardware ID this run would send; needs no credentials, product or license. */
export async function runDeviceId(ctx: Context, options: DeviceIdOptions): Promise<void> {
  const { settings } = loadSettings(ctx);
  const hardwareId = await resolveHardwareId(settings.hardwareId);
  const explanation = explainHardwareId(hardwareId, () => systemReads(ctx.io.env));
  renderHardwareId(ctx.out, explanation, options.explain);
}

import type { Context } from "../../../context.js";
import { explainHardwareId } from "../../../hardware-id/explain-hardware-id.js";
import { systemReads } from "../../../hardware-id/machine-facts.js";
import { resolveHardwareId } from "../../../hardware-id/resolve-hardware-id.js";
import { loadSettings } from "../../../sessions/load-settings.js";
import { renderHardwareId } from "./render-hardware-id.js";

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

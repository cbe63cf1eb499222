import type { Context } from "../../../context.js";
import { nodeMachineId } from "../../../hardware-id/derive-hardware-id.js";
import { explainHardwareId } from "../../../hardware-id/explain-hardware-id.js";
import { systemReads } from "../../../hardware-id/machine-facts.js";
import { hardwareIdMethod, resolveHardwareId } from "../../../hardware-id/resolve-hardware-id.js";
import { loadSettings } from "../../../sessions/load-settings.js";
import { renderHardwareId } from "./render-hardware-id.js";

export interface DeviceIdOptions {
  /** --explain: where the ID came from and how it was derived, for people. */
  readonly explain: boolean;
}

/** The hardware ID this run would send; needs no credentials, product or license. */
export async function runDeviceId(ctx: Context, options: DeviceIdOptions): Promise<void> {
  const { settings } = loadSettings(ctx);
  const hardwareId = await resolveHardwareId(settings);
  const derived = hardwareId.source.type === "derived";
  // Off Linux the other rule needs the OS machine ID, which only node-machine-id reads (a shell, ~30 ms).
  const osMachineId = derived && process.platform !== "linux" ? await readOsMachineId() : undefined;
  const explanation = explainHardwareId(hardwareId, hardwareIdMethod(settings), () =>
    systemReads(ctx.io.env, osMachineId),
  );
  renderHardwareId(ctx.out, explanation, options.explain);
}

async function readOsMachineId(): Promise<string | undefined> {
  try {
    return await nodeMachineId(true);
  } catch {
    return undefined;
  }
}

import type { ResolvedSettings } from "../config/resolve.js";
import type { Resolved } from "../config/source.js";
import { CliError, configError } from "../core/cli-error.js";
import {
  DEFAULT_HARDWARE_ID_METHOD,
  type DerivedId,
  deriveHardwareId,
  type HardwareIdMethod,
  isHardwareIdMethod,
  UNAVAILABLE_HINT,
} from "./derive-hardware-id.js";

type HardwareIdSettings = Pick<ResolvedSettings, "hardwareId" | "hardwareIdMethod">;

/** The rule a run derives with, and where that choice came from. */
export function hardwareIdMethod(settings: HardwareIdSettings): Resolved<HardwareIdMethod> {
  const chosen = settings.hardwareIdMethod;
  if (chosen && isHardwareIdMethod(chosen.value)) return { value: chosen.value, source: chosen.source };
  return { value: DEFAULT_HARDWARE_ID_METHOD, source: { type: "default" } };
}

/**
 * Exactly one hardware ID per run: the configured one if any, else the one derived from this machine by
 * the configured rule (hardwareIdMethod).
 */
export async function resolveHardwareId(
  settings: HardwareIdSettings,
  derive: (method: HardwareIdMethod) => Promise<DerivedId> = (method) => deriveHardwareId(method),
): Promise<Resolved<string>> {
  if (settings.hardwareId) return settings.hardwareId;
  let derived: DerivedId;
  try {
    derived = await derive(hardwareIdMethod(settings).value);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw configError(
      `Could not derive a hardware ID from this machine (${error instanceof Error ? error.message.split("\n")[0] : String(error)}).`,
      UNAVAILABLE_HINT,
      "hardware_id_unavailable",
    );
  }
  if (!derived.value) {
    throw configError(
      "This machine produced an empty hardware ID.",
      UNAVAILABLE_HINT,
      "hardware_id_unavailable",
    );
  }
  return { value: derived.value, source: { type: "derived", detail: derived.detail } };
}

import type { Resolved } from "../config/source.js";
import { configError } from "../core/cli-error.js";

type MachineIdModule = typeof import("node-machine-id");

/**
 * node-machine-id's default form: SHA-256 hex (64 lowercase characters) of the OS machine GUID. Loaded only
 * when an ID must be derived: the module loads child_process on start, ~3 ms and ~2 MB a run would waste.
 */
export async function deriveHardwareId(): Promise<string> {
  const loaded = (await import("node-machine-id")) as MachineIdModule & { default?: MachineIdModule };
  // A webpack-built CommonJS module: Node exposes it only as the default export.
  return (loaded.default ?? loaded).machineIdSync();
}

export const DERIVED_SOURCE_DETAIL = "derived from this machine by node-machine-id";

/**
 * Exactly one hardware ID per run: the configured one if any, else the one derived from this machine.
 */
export async function resolveHardwareId(
  configured: Resolved<string> | undefined,
  derive: () => Promise<string> = deriveHardwareId,
): Promise<Resolved<string>> {
  if (configured) return configured;
  let value: string;
  try {
    value = await derive();
  } catch (error) {
    throw configError(
      `Could not derive a hardware ID from this machine (${error instanceof Error ? error.message.split("\n")[0] : String(error)}).`,
      "Pass --hardware-id <id> or set LICENSECTL_HARDWARE_ID to the ID the app's LicenseSpring SDK registered.",
      "hardware_id_unavailable",
    );
  }
  if (!value) {
    throw configError(
      "This machine produced an empty hardware ID.",
      "Pass --hardware-id <id> or set LICENSECTL_HARDWARE_ID to the ID the app's LicenseSpring SDK registered.",
      "hardware_id_unavailable",
    );
  }
  return { value, source: { type: "derived", detail: DERIVED_SOURCE_DETAIL } };
}

import { configError } from "../core/cli-error.js";
import { deriveSdkLinuxId, type MachineIdPaths, SDK_LINUX_PATHS, sha256Hex } from "./sdk-linux-rule.js";

/** Which rule derives the hardware ID: LicenseSpring's SDK's (default) or node-machine-id's own result. */
export type HardwareIdMethod = "licensespring" | "node-machine-id";
export const HARDWARE_ID_METHODS: readonly HardwareIdMethod[] = ["licensespring", "node-machine-id"];
export const DEFAULT_HARDWARE_ID_METHOD: HardwareIdMethod = "licensespring";

export function isHardwareIdMethod(text: string): text is HardwareIdMethod {
  return (HARDWARE_ID_METHODS as readonly string[]).includes(text);
}

export interface DerivedId {
  readonly value: string;
  /** How it was derived, for the source description ("derived from this machine by …"). */
  readonly detail: string;
}

type MachineIdModule = typeof import("node-machine-id");

/**
 * node-machine-id's result: SHA-256 hex of the lower-cased OS machine ID, or (`original`) the OS ID itself,
 * lower-cased. Loaded only when needed: the module loads child_process and spawns a shell (~30 ms).
 */
export async function nodeMachineId(original = false): Promise<string> {
  const loaded = (await import("node-machine-id")) as MachineIdModule & { default?: MachineIdModule };
  // A webpack-built CommonJS module: Node exposes it only as the default export.
  return (loaded.default ?? loaded).machineIdSync(original);
}

export const UNAVAILABLE_HINT =
  "Pass the ID the app registered (the Devices view of the LicenseSpring platform shows it): --hardware-id <id>, " +
  "LICENSECTL_HARDWARE_ID, or hardwareId in a config file.";

/**
 * This machine's hardware ID by `method`. On Linux the SDK's rule runs in-process (no shell); on macOS the
 * best-known rule (SHA-256 of the upper-case host UUID) and elsewhere node-machine-id's result, neither
 * verified against the SDK.
 */
export async function deriveHardwareId(
  method: HardwareIdMethod,
  platform: string = process.platform,
  paths: MachineIdPaths = SDK_LINUX_PATHS,
): Promise<DerivedId> {
  if (method === "node-machine-id") {
    return { value: await nodeMachineId(), detail: "derived from this machine by node-machine-id" };
  }
  if (platform === "linux") {
    const derived = deriveSdkLinuxId(paths);
    if (!derived.ok) throw noMachineId(derived.reason, paths);
    return {
      value: derived.hardwareId,
      detail: `derived from this machine by LicenseSpring's SDK rule (first line of ${derived.path})`,
    };
  }
  if (platform === "darwin") {
    return {
      value: sha256Hex((await nodeMachineId(true)).toUpperCase()),
      detail: "derived from this machine by LicenseSpring's SDK rule as known for macOS (not verified)",
    };
  }
  return {
    value: await nodeMachineId(),
    detail: `derived from this machine by node-machine-id (LicenseSpring's SDK rule on ${platform} is not verified)`,
  };
}

function noMachineId(reason: string, paths: MachineIdPaths) {
  const none = reason.startsWith("no machine ID");
  return configError(
    none
      ? `Cannot derive this machine's hardware ID as LicenseSpring's SDK does: ${reason}. The SDK would have used a random UUID the app stored in ${paths.fallback}; as that file is absent, the app either stored its ID elsewhere (another machine, container or user) or never ran here. licensectl never creates that file.`
      : `Cannot derive this machine's hardware ID as LicenseSpring's SDK does: ${reason}.`,
    UNAVAILABLE_HINT,
    "hardware_id_unavailable",
  );
}

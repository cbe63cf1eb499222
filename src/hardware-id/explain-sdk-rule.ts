import type { HardwareIdMethod } from "./derive-hardware-id.js";
import type { Derivation, HardwareIdWarning, OtherRule } from "./explain-hardware-id.js";
import { asWarnings, environmentWarnings, nodeMachineIdOnLinux } from "./linux-machine-id.js";
import { judgeMachineIdFile, type MachineReads } from "./machine-facts.js";
import { OTHER_PLATFORMS } from "./node-machine-id-platforms.js";
import { deriveSdkLinuxId, SDK_LINUX_PATHS, type SdkLinuxId, sha256Hex } from "./sdk-linux-rule.js";

const CHECK_ON_PLATFORM =
  "Check it: the Devices view of the LicenseSpring platform shows the hardware ID the app registered; compare it with this one.";

/** LicenseSpring's SDK rule applied to what `reads` sees on Linux. */
function sdkLinuxId(reads: MachineReads): SdkLinuxId {
  return deriveSdkLinuxId(reads.machineIdPaths ?? SDK_LINUX_PATHS, (path) => judgeMachineIdFile(reads, path));
}

/** The derivation of `derivedId` by LicenseSpring's SDK rule, and what node-machine-id would give instead. */
export function explainSdkRule(
  reads: MachineReads,
  derivedId: string,
): { derivation: Derivation; warnings: HardwareIdWarning[] } {
  if (reads.platform !== "linux") return explainSdkRuleElsewhere(reads, derivedId);
  const sdk = sdkLinuxId(reads);
  const paths = reads.machineIdPaths ?? SDK_LINUX_PATHS;
  const derivation: Derivation = {
    method: "licensespring",
    platform: "linux",
    rule: `LicenseSpring's SDK rule (Node SDK 1.4.17, observed): SHA-256 (lower-case hex) of the first line, exactly as written, of ${paths.etc}, else ${paths.dbus}, else ${paths.fallback}; no hostname fallback`,
    verified: true,
    read: sdk.ok ? sdk.path : "nothing",
    command: null,
    hashed: sdk.ok ? `the first line of ${sdk.path}, exactly as written (read in-process)` : "nothing",
    inputs: sdk.ok ? [sdk.path] : [],
    hostname: null,
    files: sdk.files,
    reproduced: sdk.ok ? sdk.hardwareId === derivedId : false,
    other: compareLinuxRules(reads, derivedId, "node-machine-id"),
  };
  const warnings: Array<[string, string]> = [];
  if (sdk.ok && sdk.fallback) {
    warnings.push([
      "sdk_fallback_file",
      `No machine ID was found, so the ID comes from ${sdk.path}: a random UUID an app's LicenseSpring SDK generated and stored here. Another app, user or container that cannot see that file registers a different ID, and deleting it makes the next app run register a new device.`,
    ]);
  }
  return { derivation, warnings: asWarnings([...warnings, ...environmentWarnings(reads)]) };
}

/** macOS: the best-known rule (upper-case host UUID); elsewhere node-machine-id's result. Neither verified. */
function explainSdkRuleElsewhere(
  reads: MachineReads,
  derivedId: string,
): { derivation: Derivation; warnings: HardwareIdWarning[] } {
  const mac = reads.platform === "darwin";
  const described = OTHER_PLATFORMS[reads.platform]?.(reads);
  const raw = reads.osMachineId;
  const nodeId = raw === undefined ? null : sha256Hex(raw);
  const derivation: Derivation = {
    method: "licensespring",
    platform: reads.platform,
    rule: mac
      ? "LicenseSpring's SDK rule as best known for macOS (from its native library, not run): SHA-256 (lower-case hex) of the host UUID (gethostuuid) in upper case"
      : `LicenseSpring's SDK rule on ${reads.platform} is not reproduced (on Windows its Default fingerprints WMI data): node-machine-id's result is used`,
    verified: false,
    read: described?.inputs[0] ?? "nothing",
    command: described?.command ?? null,
    hashed: mac ? "the IOPlatformUUID, upper-cased" : (described?.hashed ?? "nothing"),
    inputs: described?.inputs ?? [],
    hostname: null,
    files: [],
    reproduced: raw === undefined ? null : (mac ? sha256Hex(raw.toUpperCase()) : nodeId) === derivedId,
    other: otherRule("node-machine-id", nodeId, derivedId),
  };
  const warning: [string, string] = [
    "unverified_platform",
    `licensectl's rule for ${reads.platform} is not verified against LicenseSpring's SDK, so this ID may not be the one the app registered. ${CHECK_ON_PLATFORM}`,
  ];
  return { derivation, warnings: asWarnings([warning]) };
}

/** On Linux: what `other` would derive from the same files, and one line on what to do when it differs. */
export function compareLinuxRules(
  reads: MachineReads,
  derivedId: string,
  other: HardwareIdMethod,
): OtherRule {
  if (other === "node-machine-id") return otherRule(other, nodeMachineIdOnLinux(reads).id, derivedId);
  const sdk = sdkLinuxId(reads);
  if (!sdk.ok) {
    return {
      method: other,
      id: null,
      same: false,
      note: `LicenseSpring's SDK rule finds no usable machine ID here (${sdk.reason}), so an app's SDK uses a random UUID it stores itself: pass the ID the LicenseSpring platform's Devices view shows with --hardware-id.`,
    };
  }
  return otherRule(other, sdk.hardwareId, derivedId);
}

function otherRule(method: HardwareIdMethod, id: string | null, derivedId: string): OtherRule {
  if (id === null) {
    return { method, id, same: null, note: `licensectl cannot compute ${method}'s ID here.` };
  }
  const same = id === derivedId;
  if (same) return { method, id, same, note: `${method} gives the same ID here.` };
  const note =
    method === "node-machine-id"
      ? `node-machine-id (licensectl before hardwareIdMethod existed) gives ${id} here: if the LicenseSpring platform's Devices view shows that ID for this machine, pass --hardware-id-method node-machine-id; otherwise keep this one, the SDK's.`
      : `LicenseSpring's SDK sends ${id} from this machine: drop hardwareIdMethod node-machine-id unless the Devices view of the LicenseSpring platform shows the ID used here.`;
  return { method, id, same, note };
}

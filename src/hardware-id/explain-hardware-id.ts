import type { Resolved } from "../config/source.js";
import type { FileIdComparison } from "./compare-file-id.js";
import type { HardwareIdMethod } from "./derive-hardware-id.js";
import { compareLinuxRules, explainSdkRule } from "./explain-sdk-rule.js";
import { explainLinux } from "./linux-machine-id.js";
import type { MachineReads } from "./machine-facts.js";
import { OTHER_PLATFORMS } from "./node-machine-id-platforms.js";
import type { MachineIdFile } from "./sdk-linux-rule.js";

/** What the rule not used would give here, so support can tell which rule registered a device. */
export interface OtherRule {
  readonly method: HardwareIdMethod;
  /** null: it gives no ID here, or licensectl cannot compute it on this platform. */
  readonly id: string | null;
  readonly same: boolean | null;
  /** One line a support person can act on. */
  readonly note: string;
}

/** How this machine's ID was derived: the rule, what it read and hashed, and what the other rule says. */
export interface Derivation {
  readonly method: HardwareIdMethod;
  readonly platform: string;
  /** The rule in words. */
  readonly rule: string;
  /** Whether the rule is verified against LicenseSpring's SDK on this platform. */
  readonly verified: boolean;
  /** The file or OS source the hashed text came from. */
  readonly read: string;
  /** The shell command run (node-machine-id); null when read in-process. */
  readonly command: string | null;
  /** What was hashed (SHA-256, hex), in words. */
  readonly hashed: string;
  readonly inputs: readonly string[];
  /** The hostname, when it is (part of) what node-machine-id hashed. */
  readonly hostname: string | null;
  /** Linux: the machine-id files and their state; [] elsewhere. */
  readonly files: readonly MachineIdFile[];
  /** Whether hashing what licensectl reads now gives the same ID; null where it cannot tell. */
  readonly reproduced: boolean | null;
  readonly other: OtherRule | null;
}

export interface HardwareIdWarning {
  readonly code: string;
  readonly message: string;
  readonly advice: string;
}

/** Where this run's hardware ID came from and, when derived, how: for `device id --explain` and `--json`. */
export interface HardwareIdExplanation {
  readonly hardwareId: Resolved<string>;
  /** The rule that derived it and where that choice came from; null when configured. */
  readonly method: Resolved<HardwareIdMethod> | null;
  readonly derivation: Derivation | null;
  readonly warnings: readonly HardwareIdWarning[];
  /** From the app's license file: what licensectl's rules give here instead, and what the app must use. */
  readonly fileComparison?: FileIdComparison | undefined;
}

export function explainHardwareId(
  hardwareId: Resolved<string>,
  method: Resolved<HardwareIdMethod>,
  reads: () => MachineReads,
): HardwareIdExplanation {
  if (hardwareId.source.type !== "derived") {
    return { hardwareId, method: null, derivation: null, warnings: [] };
  }
  const explained =
    method.value === "licensespring"
      ? explainSdkRule(reads(), hardwareId.value)
      : explainDerivation(reads(), hardwareId.value);
  return { hardwareId, method, ...explained };
}

/** node-machine-id's derivation of `derivedId` on this machine, with a warning for every detectable trap. */
export function explainDerivation(
  reads: MachineReads,
  derivedId: string,
): { derivation: Derivation; warnings: HardwareIdWarning[] } {
  if (reads.platform === "linux") {
    const { derivation, warnings } = explainLinux(reads, derivedId);
    return {
      derivation: { ...derivation, other: compareLinuxRules(reads, derivedId, "licensespring") },
      warnings,
    };
  }
  const described = OTHER_PLATFORMS[reads.platform]?.(reads) ?? {
    command: null,
    hashed: "nothing: node-machine-id does not support this platform",
    inputs: [],
  };
  const derivation: Derivation = {
    method: "node-machine-id",
    platform: reads.platform,
    rule: "node-machine-id's own result: SHA-256 (hex) of what its command prints",
    verified: false,
    read: described.inputs[0] ?? "nothing",
    ...described,
    hostname: null,
    files: [],
    reproduced: null,
    other: null,
  };
  return { derivation, warnings: [] };
}

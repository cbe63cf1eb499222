import type { Resolved } from "../config/source.js";
import { explainLinux } from "./linux-machine-id.js";
import type { MachineReads } from "./machine-facts.js";

/** How node-machine-id (1.1.x, as bundled) derived this machine's ID: exactly what it runs and hashes. */
export interface Derivation {
  readonly method: "node-machine-id";
  readonly platform: string;
  /** The shell command node-machine-id runs; null on a platform it does not support. */
  readonly command: string | null;
  /** What was hashed (SHA-256, hex), in words. */
  readonly hashed: string;
  /** What the hashed text came from: file paths and/or "hostname" on Linux, the OS value elsewhere; [] = "". */
  readonly inputs: readonly string[];
  /** The hostname, when it is (part of) what was hashed. */
  readonly hostname: string | null;
  /** Linux: the machine-id files and their state; [] elsewhere. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly state: "present" | "empty" | "missing" }>;
  /** Linux: whether hashing what licensectl reads now gives the same ID; null where it cannot tell. */
  readonly reproduced: boolean | null;
}

export interface HardwareIdWarning {
  readonly code: string;
  readonly message: string;
  readonly advice: string;
}

/** Where this run's hardware ID came from and, when derived, how: for `device id --explain` and `--json`. */
export interface HardwareIdExplanation {
  readonly hardwareId: Resolved<string>;
  readonly derivation: Derivation | null;
  readonly warnings: readonly HardwareIdWarning[];
}

export function explainHardwareId(
  hardwareId: Resolved<string>,
  reads: () => MachineReads,
): HardwareIdExplanation {
  if (hardwareId.source.type !== "derived") return { hardwareId, derivation: null, warnings: [] };
  return { hardwareId, ...explainDerivation(reads(), hardwareId.value) };
}

const WINDOWS_QUERY = "REG.exe QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid";

type Described = Pick<Derivation, "command" | "hashed" | "inputs">;

/** node-machine-id's command and what it hashes, per platform other than Linux (nothing read to check). */
const OTHER_PLATFORMS: Readonly<Record<string, (reads: MachineReads) => Described>> = {
  darwin: () => ({
    command: "ioreg -rd1 -c IOPlatformExpertDevice",
    hashed: "the IOPlatformUUID in its output, lower-cased",
    inputs: ["IOPlatformUUID"],
  }),
  win32: (reads) => ({
    // A 32-bit Node on 64-bit Windows goes through sysnative to reach the 64-bit registry.
    command:
      reads.arch === "ia32" && reads.env.PROCESSOR_ARCHITEW6432 !== undefined
        ? `%windir%\\sysnative\\cmd.exe /c %windir%\\System32\\${WINDOWS_QUERY}`
        : `%windir%\\System32\\${WINDOWS_QUERY}`,
    hashed:
      "the registry value MachineGuid, whitespace removed, lower-cased (cloned Windows images share it)",
    inputs: ["MachineGuid"],
  }),
  freebsd: () => ({
    command: "kenv -q smbios.system.uuid || sysctl -n kern.hostuuid",
    hashed: "the SMBIOS system UUID (else kern.hostuuid), whitespace removed, lower-cased",
    inputs: ["smbios.system.uuid"],
  }),
};

/** The derivation of `derivedId` on this machine, with a warning for every trap that can be detected. */
export function explainDerivation(
  reads: MachineReads,
  derivedId: string,
): { derivation: Derivation; warnings: HardwareIdWarning[] } {
  if (reads.platform === "linux") return explainLinux(reads, derivedId);
  const described = OTHER_PLATFORMS[reads.platform]?.(reads) ?? {
    command: null,
    hashed: "nothing: node-machine-id does not support this platform",
    inputs: [],
  };
  const derivation: Derivation = {
    method: "node-machine-id",
    platform: reads.platform,
    ...described,
    hostname: null,
    files: [],
    reproduced: null,
  };
  return { derivation, warnings: [] };
}

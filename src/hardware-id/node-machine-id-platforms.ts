import type { Derivation } from "./explain-hardware-id.js";
import type { MachineReads } from "./machine-facts.js";

const WINDOWS_QUERY = "REG.exe QUERY HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography /v MachineGuid";

type Described = Pick<Derivation, "command" | "hashed" | "inputs">;

/** node-machine-id's command and what it hashes, per platform other than Linux (nothing read to check). */
export const OTHER_PLATFORMS: Readonly<Record<string, (reads: MachineReads) => Described>> = {
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

import type { Derivation, HardwareIdWarning } from "./explain-hardware-id.js";
import { containerEvidence, type MachineReads, wslEvidence } from "./machine-facts.js";
import { sha256Hex } from "./sdk-linux-rule.js";

export { sha256Hex };

export const WARNING_ADVICE =
  "Pass the hardware ID the app's LicenseSpring SDK registered: --hardware-id <id> or LICENSECTL_HARDWARE_ID.";

export const LINUX_FILES = ["/var/lib/dbus/machine-id", "/etc/machine-id"] as const;
export const LINUX_COMMAND = `( cat ${LINUX_FILES.join(" ")} 2> /dev/null || hostname ) | head -n 1 || :`;

/**
 * What node-machine-id's Linux pipeline ends up hashing. `cat` prints every file it can read and fails when
 * any cannot be read, and then `hostname` is printed after them; `head -n 1` keeps the first line of all
 * that; node-machine-id strips whitespace and lower-cases. So an empty file next to a missing one yields
 * the hostname, two empty files yield "", and a file without a final newline runs into what follows it.
 */
export function linuxHashInput(
  contents: ReadonlyArray<string | undefined>,
  hostname: string,
): { text: string; inputs: string[] } {
  const stream = LINUX_FILES.flatMap((path, i) => {
    const text = contents[i];
    return text === undefined ? [] : [{ source: path as string, text }];
  });
  if (contents.some((text) => text === undefined)) stream.push({ source: "hostname", text: `${hostname}\n` });
  let line = "";
  const inputs: string[] = [];
  for (const { source, text } of stream) {
    const end = text.indexOf("\n");
    const part = end === -1 ? text : text.slice(0, end);
    if (/\S/.test(part)) inputs.push(source);
    line += part;
    if (end !== -1) break;
  }
  return { text: line.replace(/\s+/g, "").toLowerCase(), inputs };
}

/** node-machine-id's Linux ID computed from the files, without its shell: the text hashed and the ID. */
export function nodeMachineIdOnLinux(reads: MachineReads): { text: string; inputs: string[]; id: string } {
  const { text, inputs } = linuxHashInput(
    LINUX_FILES.map((path) => reads.readFile(path)),
    reads.hostname(),
  );
  return { text, inputs, id: sha256Hex(text) };
}

/** Linux: what was read and hashed, whether that reproduces the ID, and every detectable trap. */
export function explainLinux(
  reads: MachineReads,
  derivedId: string,
): { derivation: Omit<Derivation, "other">; warnings: HardwareIdWarning[] } {
  const contents = LINUX_FILES.map((path) => reads.readFile(path));
  const host = reads.hostname();
  const { text, inputs } = linuxHashInput(contents, host);
  const derivation: Omit<Derivation, "other"> = {
    method: "node-machine-id",
    platform: reads.platform,
    rule: "node-machine-id's own result: SHA-256 (hex) of what its command prints, whitespace removed, lower-cased",
    verified: false,
    read: inputs.join(" + ") || "nothing",
    command: LINUX_COMMAND,
    hashed: describeLinuxInput(inputs, host),
    inputs,
    hostname: inputs.includes("hostname") ? host : null,
    files: LINUX_FILES.map((path, i) => ({ path, state: fileState(contents[i]) })),
    reproduced: sha256Hex(text) === derivedId,
  };
  const warnings = [...machineIdWarnings(derivation, text), ...environmentWarnings(reads)];
  return { derivation, warnings: asWarnings(warnings) };
}

export function asWarnings(warnings: ReadonlyArray<[string, string]>): HardwareIdWarning[] {
  return warnings.map(([code, message]) => ({ code, message, advice: WARNING_ADVICE }));
}

function fileState(content: string | undefined): "present" | "empty" | "missing" {
  if (content === undefined) return "missing";
  return /\S/.test(content) ? "present" : "empty";
}

/** The traps in what was hashed: the hostname, the empty string, something that is not a machine ID. */
function machineIdWarnings(derivation: Omit<Derivation, "other">, text: string): Array<[string, string]> {
  const { inputs, hostname, files } = derivation;
  const states = files.map((f) => `${f.path} is ${f.state}`).join(", ");
  const warnings: Array<[string, string]> = [];
  if (hostname !== null && inputs.length > 1) {
    warnings.push([
      "hostname_fallback",
      `${inputs[0]} has no final line break (${states}), so node-machine-id hashed its first line run together with the hostname "${hostname}", which changes with every container and every rename.`,
    ]);
  } else if (hostname !== null) {
    warnings.push([
      "hostname_fallback",
      `No machine ID was found (${states}), so node-machine-id silently hashed the hostname "${hostname}", which changes with every container and every rename.`,
    ]);
  } else if (inputs.length === 0) {
    warnings.push([
      "empty_machine_id",
      `No machine ID was found (${states}), so node-machine-id hashed the empty string: every machine in this state gets this same ID.`,
    ]);
  } else if (!/^[0-9a-f]{32}$/.test(text)) {
    warnings.push([
      "unusual_machine_id",
      `${inputs[0]} does not hold a machine ID (32 hexadecimal characters)${text === "uninitialized" ? ' but "uninitialized"' : ""}; node-machine-id hashed it anyway, so the ID may not be unique to this machine.`,
    ]);
  }
  if (derivation.reproduced === false) {
    warnings.push([
      "not_reproduced",
      "Hashing what licensectl reads now does not give the ID node-machine-id returned, so this explanation may not fit this machine (is `hostname` installed?).",
    ]);
  }
  return warnings;
}

export function environmentWarnings(reads: MachineReads): Array<[string, string]> {
  const warnings: Array<[string, string]> = [];
  const container = containerEvidence(reads);
  if (container.length > 0) {
    warnings.push([
      "container",
      `This looks like a container (${container.join(", ")}): the ID comes from this container's own machine-id files. An app whose LicenseSpring SDK runs inside this same container reads the same files and registers this ID; an app on the host or in another container (even one from the same image, if its machine-id differs) registers another.`,
    ]);
  }
  const wsl = wslEvidence(reads);
  if (wsl.length > 0) {
    warnings.push([
      "wsl",
      `This is WSL (${wsl.join(", ")}): the Linux distribution has its own machine ID, unrelated to the ID an app's LicenseSpring SDK registers on Windows.`,
    ]);
  }
  return warnings;
}

function describeLinuxInput(inputs: readonly string[], host: string): string {
  if (inputs.length === 0) return "the empty string (no file and no hostname gave a first line)";
  const parts = inputs.map((input) =>
    input === "hostname" ? `the hostname "${host}"` : `the first line of ${input}`,
  );
  return `${parts.join(" run together with ")}, whitespace removed, lower-cased`;
}

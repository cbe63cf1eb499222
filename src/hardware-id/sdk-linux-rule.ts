import { createHash } from "node:crypto";
import { readSmallRegularFile, type SmallFileRead } from "../core/safe-read.js";

/** Where LicenseSpring's SDK looks on Linux, in order (license-api.md §5); injectable for tests. */
export interface MachineIdPaths {
  readonly etc: string;
  readonly dbus: string;
  /** The SDK's own fallback: a UUID the app generated and stored. licensectl never creates it. */
  readonly fallback: string;
}

export const SDK_LINUX_PATHS: MachineIdPaths = {
  etc: "/etc/machine-id",
  dbus: "/var/lib/dbus/machine-id",
  fallback: "/var/tmp/.LicenseSpring/machine-id",
};

/** A machine ID is 33 bytes; anything past this is not one, and is never read whole. */
export const MACHINE_ID_MAX_BYTES = 4096;

export type MachineIdFileState = "present" | "empty" | "missing" | "not-a-file" | "too-large" | "unreadable";

export interface MachineIdFile {
  readonly path: string;
  readonly state: MachineIdFileState;
}

/** The SDK's rule applied: the ID and the file it came from, or why there is none. */
export type SdkLinuxId =
  | {
      readonly ok: true;
      readonly hardwareId: string;
      readonly path: string;
      readonly fallback: boolean;
      readonly files: MachineIdFile[];
    }
  | { readonly ok: false; readonly reason: string; readonly files: MachineIdFile[] };

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Up to the first "\n", exactly as written: no trimming, no case change ("\r" stays). */
export function firstLine(text: string): string {
  const end = text.indexOf("\n");
  return end === -1 ? text : text.slice(0, end);
}

/**
 * LicenseSpring's Linux rule: the first line of /etc/machine-id, else of /var/lib/dbus/machine-id, else of
 * the SDK's fallback file; lower-case hex SHA-256 of it; no hostname fallback. A file that is there but
 * cannot be judged a machine ID (a directory, a FIFO, too large, unreadable) stops the search: guessing past
 * it could name another device.
 */
export function deriveSdkLinuxId(
  paths: MachineIdPaths = SDK_LINUX_PATHS,
  read: (path: string) => SmallFileRead = (path) => readSmallRegularFile(path, MACHINE_ID_MAX_BYTES),
): SdkLinuxId {
  const files: MachineIdFile[] = [];
  for (const path of [paths.etc, paths.dbus, paths.fallback]) {
    const result = read(path);
    const line = result.state === "read" ? firstLine(result.text) : "";
    const state: MachineIdFileState =
      result.state === "read" ? (line === "" ? "empty" : "present") : result.state;
    files.push({ path, state });
    if (state === "present") {
      return { ok: true, hardwareId: sha256Hex(line), path, fallback: path === paths.fallback, files };
    }
    if (state !== "empty" && state !== "missing") {
      return { ok: false, reason: `${path} ${describeState(state)}`, files };
    }
  }
  return { ok: false, reason: `no machine ID: ${describeFiles(files)}`, files };
}

export function describeFiles(files: readonly MachineIdFile[]): string {
  return files.map((f) => `${f.path} ${describeState(f.state)}`).join(", ");
}

function describeState(state: MachineIdFileState): string {
  switch (state) {
    case "present":
      return "is present";
    case "empty":
      return "has an empty first line";
    case "missing":
      return "is missing";
    case "not-a-file":
      return "is not a regular file";
    case "too-large":
      return `is larger than ${MACHINE_ID_MAX_BYTES} bytes, so not a machine ID`;
    case "unreadable":
      return "cannot be read (permissions?)";
  }
}

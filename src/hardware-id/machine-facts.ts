import { existsSync } from "node:fs";
import { readSmallRegularFile, type SmallFileRead } from "../core/safe-read.js";
import { MACHINE_ID_MAX_BYTES, type MachineIdPaths, SDK_LINUX_PATHS } from "./sdk-linux-rule.js";

/** What explaining a derived hardware ID reads from the machine; injectable, so tests touch no real files. */
export interface MachineReads {
  readonly platform: string;
  readonly arch: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when it cannot be read (missing, not a file, no permission). */
  readFile(path: string): string | undefined;
  /** A machine-id file, judged before it is read; absent: judged from readFile. */
  readonly readMachineIdFile?: (path: string) => SmallFileRead;
  /** Where LicenseSpring's SDK looks on Linux; absent: the real paths. */
  readonly machineIdPaths?: MachineIdPaths;
  /** macOS, Windows: the OS machine ID as node-machine-id reads it (lower-cased), when it could be read. */
  readonly osMachineId?: string | undefined;
  exists(path: string): boolean;
  /** What `hostname` prints: the kernel's node name. */
  hostname(): string;
}

/** The real machine. The one place that reads the platform and the filesystem for an explanation. */
export function systemReads(
  env: Readonly<Record<string, string | undefined>>,
  osMachineId?: string,
): MachineReads {
  return {
    platform: process.platform,
    arch: process.arch,
    env,
    readFile: (path) => {
      const read = readSmallRegularFile(path, FACT_MAX_BYTES);
      return read.state === "read" ? read.text : undefined;
    },
    readMachineIdFile: (path) => readSmallRegularFile(path, MACHINE_ID_MAX_BYTES),
    machineIdPaths: SDK_LINUX_PATHS,
    osMachineId,
    exists: (path) => existsSync(path),
    // node:os on first use only: most runs never ask (it would load on every request run otherwise).
    hostname: () => process.getBuiltinModule("node:os").hostname(),
  };
}

/** Every file read for an explanation is small (/proc files report size 0 and are capped when read). */
const FACT_MAX_BYTES = 64 * 1024;

/** A machine-id file as `reads` judges it. */
export function judgeMachineIdFile(reads: MachineReads, path: string): SmallFileRead {
  if (reads.readMachineIdFile) return reads.readMachineIdFile(path);
  const text = reads.readFile(path);
  return text === undefined ? { state: "missing", symlink: false } : { state: "read", text, symlink: false };
}

const CGROUP_MARKERS = /docker|kubepods|containerd|libpod|lxc/;

/** Signs of a container: runtime marker files, the `container` variable, cgroup paths of PID 1. */
export function containerEvidence(reads: MachineReads): string[] {
  const evidence: string[] = [];
  for (const path of ["/.dockerenv", "/run/.containerenv"]) {
    if (reads.exists(path)) evidence.push(`${path} exists`);
  }
  if (reads.env.container) evidence.push(`container=${reads.env.container} is set`);
  if (reads.env.KUBERNETES_SERVICE_HOST) evidence.push("KUBERNETES_SERVICE_HOST is set");
  const marker = CGROUP_MARKERS.exec(reads.readFile("/proc/1/cgroup") ?? "")?.[0];
  if (marker) evidence.push(`/proc/1/cgroup mentions ${marker}`);
  return evidence;
}

/** Signs of WSL: a Microsoft kernel, or the variable WSL sets. */
export function wslEvidence(reads: MachineReads): string[] {
  const evidence: string[] = [];
  for (const path of ["/proc/sys/kernel/osrelease", "/proc/version"]) {
    if (/microsoft/i.test(reads.readFile(path) ?? "")) evidence.push(`${path} mentions Microsoft`);
  }
  if (reads.env.WSL_DISTRO_NAME) evidence.push(`WSL_DISTRO_NAME=${reads.env.WSL_DISTRO_NAME} is set`);
  return evidence;
}

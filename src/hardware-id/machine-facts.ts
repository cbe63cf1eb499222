import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";

/** What explaining a derived hardware ID reads from the machine; injectable, so tests touch no real files. */
export interface MachineReads {
  readonly platform: string;
  readonly arch: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The file's text, or undefined when it cannot be read (missing, not a file, no permission). */
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
  /** What `hostname` prints: the kernel's node name. */
  hostname(): string;
}

/** The real machine. The one place that reads the platform and the filesystem for an explanation. */
export function systemReads(env: Readonly<Record<string, string | undefined>>): MachineReads {
  return {
    platform: process.platform,
    arch: process.arch,
    env,
    readFile: (path) => {
      try {
        return readFileSync(path, "utf8");
      } catch {
        return undefined;
      }
    },
    exists: (path) => existsSync(path),
    hostname: () => hostname(),
  };
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

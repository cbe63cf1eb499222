import {
  type DerivedId,
  deriveHardwareId,
  HARDWARE_ID_METHODS,
  type HardwareIdMethod,
} from "./derive-hardware-id.js";

/**
 * The hardware ID an app's license file holds, against what licensectl derives on this machine by each of
 * its rules: the same, or which of the SDK's choices the app must have made instead. The SDK lets an app pass
 * its own `hardwareID`, or pick `hardwareIDMethod` 0–5: 0 Default, 1–3 Windows-only fingerprints (on other
 * systems its native library falls back to the Default), 4 the Linux machine ID (the Default on Linux), and
 * 5 a cloud platform's instance ID read from the VM's metadata service.
 */
export interface FileIdComparison {
  readonly fileId: string;
  /** What each of licensectl's rules gives here; null where it gives none. */
  readonly derived: ReadonlyArray<{ readonly method: HardwareIdMethod; readonly id: string | null }>;
  /** The rule that gives the file's ID, or null when none does. */
  readonly matches: HardwareIdMethod | null;
  /** One line: what the app must be using. */
  readonly verdict: string;
}

export async function compareFileHardwareId(
  fileId: string,
  platform: string = process.platform,
  derive: (method: HardwareIdMethod) => Promise<DerivedId> = (method) => deriveHardwareId(method, platform),
): Promise<FileIdComparison> {
  const derived = await Promise.all(
    HARDWARE_ID_METHODS.map(async (method) => ({
      method,
      id: await derive(method).then(
        (d) => d.value || null,
        () => null,
      ),
    })),
  );
  const matches = derived.find((d) => d.id === fileId)?.method ?? null;
  return { fileId, derived, matches, verdict: verdictOf(matches, platform) };
}

function verdictOf(matches: HardwareIdMethod | null, platform: string): string {
  if (matches === "licensespring") {
    return platform === "linux"
      ? "the app uses the SDK's own rule: hardwareIDMethod 0 (Default) or 4 (LinuxMachineId), which 1–3 also fall back to on Linux"
      : `the app uses the SDK's Default rule as licensectl knows it for ${platform} (hardwareIDMethod 0)`;
  }
  if (matches === "node-machine-id") {
    return "the app passes node-machine-id's ID as its own hardwareID (no SDK hardwareIDMethod gives it): without the license file, use --hardware-id-method node-machine-id";
  }
  const windows =
    platform === "win32"
      ? "hardwareIDMethod 1, 2 or 3 (Windows hardware fingerprint, computer system product ID, cryptography ID), "
      : "";
  return `no rule licensectl knows gives it here: the app passes its own hardwareID, or uses ${windows}hardwareIDMethod 5 (the cloud platform's instance ID from the VM's metadata service), or the file was written on another machine; without the license file, pass this ID with --hardware-id`;
}

import { createHash } from "node:crypto";
import type { DeviceTarget } from "../../../../api/device-variables.js";
import type { Variables } from "../../../../variables/variable-args.js";

/** One device of a fleet run, named with the License API's own field names (as the report writes it). */
export interface FleetTarget {
  readonly product: string;
  readonly hardware_id: string;
  readonly license_key?: string;
  readonly username?: string;
  readonly license_id?: number;
  /** The device's ID where the Management listing gave it (`--all-devices`): the answer must name it. */
  readonly device_id?: number;
}

/** The same device always has the same key, whichever order its fields came in. */
export function targetKey(target: FleetTarget): string {
  return JSON.stringify([
    target.product,
    target.hardware_id,
    target.license_key ?? null,
    target.username ?? null,
    target.license_id ?? null,
  ]);
}

export function toDeviceTarget(target: FleetTarget): DeviceTarget {
  return {
    product: target.product,
    hardwareId: target.hardware_id,
    licenseKey: target.license_key,
    username: target.username,
    licenseId: target.license_id,
    deviceId: target.device_id,
  };
}

/** Which variables a run sends, as a short digest: a report only lets a run resume with the same ones. */
export function variablesDigest(variables: Variables): string {
  const sorted = Object.entries(variables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

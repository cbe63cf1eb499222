import type { VariableValue } from "../variables/variable-args.js";
import { listingMismatch } from "./listing-mismatch.js";
import { invalidResponse, MAX_PAGE_LIMIT, type ManagementApi } from "./management.js";
import { idRef, itemObject, numericId, requiredId, variableItem } from "./management-items.js";

/** A device with the details the Management API lists (absent details stay undefined). */
export interface ListedDevice {
  readonly id: number;
  readonly hardwareId: string;
  readonly licenseId: number;
  readonly licenseKey: string | undefined;
  readonly active: boolean | undefined;
  /** A blacklisted device is refused by the License API (code blacklisted). */
  readonly blacklisted: boolean | undefined;
  /** ISO-8601, as the server sent it. */
  readonly lastCheck: string | undefined;
  readonly os: string | undefined;
  readonly hostname: string | undefined;
  readonly appVer: string | undefined;
  /** The `device_variables` of the listing (name → value), when it holds them. */
  readonly variables: ReadonlyMap<string, VariableValue> | undefined;
}

/** `GET /devices/` filters: a license, a hardware ID, or both. */
export type DeviceFilter =
  | { readonly licenseId: number; readonly hardwareId?: string | undefined }
  | { readonly licenseId?: undefined; readonly hardwareId: string };

/** Ten thousand devices: 100 pages of 100. */
export const MAX_DEVICES = 10_000;

/**
 * `GET /devices/?license=&hardware_id=`, across pages (100 each, at most MAX_DEVICES), every item checked
 * against the filter: a device of another license or hardware ID means the server ignored it, and is refused.
 */
export async function listDevices(api: ManagementApi, filter: DeviceFilter): Promise<ListedDevice[]> {
  const query: Record<string, string> = {
    ...(filter.hardwareId !== undefined ? { hardware_id: filter.hardwareId } : {}),
    ...(filter.licenseId !== undefined ? { license: String(filter.licenseId) } : {}),
  };
  const items = await api.list("devices", query, {
    maxItems: MAX_DEVICES,
    what: `devices matching ${JSON.stringify(query)}`,
    listing: "devices",
    // A hardware ID is on few licenses: the default page holds them; a license may have many devices.
    pageLimit: filter.hardwareId === undefined ? MAX_PAGE_LIMIT : undefined,
  });
  const asked = [
    filter.hardwareId === undefined ? undefined : `hardware ID ${filter.hardwareId}`,
    filter.licenseId === undefined ? undefined : `license ${filter.licenseId}`,
  ]
    .filter(Boolean)
    .join(" and ");
  const seen = new Set<number>();
  return items.map((item, index) => {
    const device = readDevice(item, index);
    // One device listed twice would be written (and counted) twice.
    if (seen.has(device.id))
      throw listingMismatch(`the search for ${asked || "devices"} listed device ${device.id} twice`);
    seen.add(device.id);
    const otherHardware = filter.hardwareId !== undefined && device.hardwareId !== filter.hardwareId;
    const otherLicense = filter.licenseId !== undefined && device.licenseId !== filter.licenseId;
    if (otherHardware || otherLicense) {
      const got = `hardware ID ${device.hardwareId}, license ${device.licenseId}`;
      throw listingMismatch(`the search for ${asked || "devices"} listed device ${device.id} (${got})`);
    }
    return device;
  });
}

function readDevice(item: unknown, index: number): ListedDevice {
  const where = `devices[${index}]`;
  const fields = itemObject(item, where);
  const id = requiredId(fields.id, `${where}.id`);
  // A device that does not say its hardware ID cannot be proven to be the one asked for.
  if (typeof fields.hardware_id !== "string")
    throw listingMismatch(`${where} (device ${id}) names no hardware ID`);
  const license = typeof fields.license === "object" && fields.license !== null ? fields.license : {};
  const licenseId = idRef(fields.license);
  if (licenseId === undefined) throw invalidResponse(`${where} (device ${id}) names no license`);
  const licenseKey = (license as { license_key?: unknown }).license_key;
  return {
    id,
    hardwareId: fields.hardware_id,
    licenseId,
    licenseKey: typeof licenseKey === "string" ? licenseKey : undefined,
    active: typeof fields.device_active === "boolean" ? fields.device_active : undefined,
    blacklisted: typeof fields.blacklisted === "boolean" ? fields.blacklisted : undefined,
    lastCheck: text(fields.last_check),
    os: text(fields.os),
    hostname: text(fields.hostname),
    appVer: text(fields.app_ver),
    variables: readVariables(fields.device_variables, id, where),
  };
}

/** `device_variables`: `{variable, value, device?}` items; one naming another device is refused. */
function readVariables(
  value: unknown,
  deviceId: number,
  where: string,
): ReadonlyMap<string, VariableValue> | undefined {
  if (!Array.isArray(value)) return undefined;
  const variables = new Map<string, VariableValue>();
  for (const [index, item] of value.entries()) {
    const at = `${where}.device_variables[${index}]`;
    const fields = itemObject(item, at);
    const { variable, value: v } = variableItem(fields, at);
    const device = fields.device;
    if (device !== undefined && numericId(device) !== deviceId) {
      throw listingMismatch(`${at} belongs to another device than ${deviceId}`);
    }
    variables.set(variable, v);
  }
  return variables;
}

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

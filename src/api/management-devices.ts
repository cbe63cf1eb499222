import { CliError } from "../core/cli-error.js";
import { compareNames, type VariableValue } from "../variables/variable-args.js";
import { invalidResponse, type ManagementApi } from "./management.js";

/** One license's device (an activation on one hardware ID), as the Management API lists it. */
export interface ManagedDevice {
  readonly id: number;
  readonly hardwareId: string;
  readonly licenseId: number | undefined;
  readonly active: boolean | undefined;
}

/** A device variable with the ID that addresses it for PATCH and DELETE. */
export interface ManagedVariable {
  readonly id: number;
  readonly variable: string;
  readonly value: VariableValue;
}

const DEVICES_PATH = "devices";
const DEVICE_VARIABLES_PATH = "device-variables";

/**
 * `GET /devices/?hardware_id=…[&license=…]`: every device with that hardware ID, across pages. The filter is
 * not trusted: a listing that holds a device of another hardware ID or license (a server that ignored the
 * filter), or one that does not say which, is refused as a whole.
 */
export async function findDevices(
  api: ManagementApi,
  hardwareId: string,
  licenseId: number | undefined,
): Promise<ManagedDevice[]> {
  const query = {
    hardware_id: hardwareId,
    ...(licenseId !== undefined ? { license: String(licenseId) } : {}),
  };
  const items = await api.list(DEVICES_PATH, query);
  const asked = `hardware ID ${hardwareId}${licenseId === undefined ? "" : ` and license ${licenseId}`}`;
  return items.map((item, index) => {
    const fields = objectAt(item, index, DEVICES_PATH);
    const device: ManagedDevice = {
      id: idOf(fields.id, `devices[${index}].id`),
      hardwareId: typeof fields.hardware_id === "string" ? fields.hardware_id : "",
      licenseId: idRefOf(fields.license),
      active: typeof fields.device_active === "boolean" ? fields.device_active : undefined,
    };
    const licenseDiffers = licenseId !== undefined && device.licenseId !== licenseId;
    if (device.hardwareId !== hardwareId || licenseDiffers) {
      const got = `hardware ID ${device.hardwareId || "(none)"}, license ${device.licenseId ?? "(none)"}`;
      throw listingMismatch(`the search for ${asked} listed device ${device.id} (${got})`);
    }
    return device;
  });
}

/**
 * `GET /device-variables/?device=…`, across pages, sorted by name. Every item must name this device, and a
 * name may appear once: a listing that holds another device's variable, or two of one name, is refused.
 */
export async function listDeviceVariables(api: ManagementApi, deviceId: number): Promise<ManagedVariable[]> {
  const items = await api.list(DEVICE_VARIABLES_PATH, { device: String(deviceId) });
  const seen = new Set<string>();
  return items
    .map((item, index) => {
      const { id, variable, value, device } = objectAt(item, index, DEVICE_VARIABLES_PATH);
      const where = `device-variables[${index}]`;
      if (typeof variable !== "string") throw invalidResponse(`${where} has no "variable" name`);
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw invalidResponse(`${where} ("${variable}") has a value that is not a string, number or boolean`);
      }
      const checkedId = idOf(id, `${where}.id`);
      const owner = idRefOf(device);
      if (owner !== deviceId) {
        const named = owner === undefined ? "names no device" : `belongs to device ${owner}`;
        throw listingMismatch(
          `the variables listed for device ${deviceId} include "${variable}", which ${named}`,
        );
      }
      if (seen.has(variable)) {
        throw listingMismatch(
          `the variables listed for device ${deviceId} hold "${variable}" more than once`,
        );
      }
      seen.add(variable);
      return { id: checkedId, variable, value };
    })
    .sort((a, b) => compareNames(a.variable, b.variable));
}

/** A listing that does not answer what was asked: nothing in it is acted on. */
function listingMismatch(what: string): CliError {
  return new CliError(
    "verification",
    `The Management API's answer is not what was asked: ${what}. Nothing was deleted.`,
    {
      code: "listing_mismatch",
      hint: "The server ignored a filter, or is not the LicenseSpring Management API: check managementUrl (LICENSECTL_MANAGEMENT_URL), and do not retry until its listings match what is asked.",
    },
  );
}

/** `DELETE /device-variables/{id}/`. */
export function deleteDeviceVariable(api: ManagementApi, id: number): Promise<void> {
  return api.delete(`${DEVICE_VARIABLES_PATH}/${id}`);
}

function objectAt(item: unknown, index: number, path: string): Record<string, unknown> {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    throw invalidResponse(`${path}[${index}] is not an object`);
  }
  return item as Record<string, unknown>;
}

function idOf(value: unknown, where: string): number {
  const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== "number" || !Number.isSafeInteger(id))
    throw invalidResponse(`${where} is not a numeric ID`);
  return id;
}

/** `license` (or `device`) is an ID in the list; be liberal about an expanded `{id, …}` or a numeric string. */
function idRefOf(value: unknown): number | undefined {
  const id = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : value;
  if (typeof id === "number" && Number.isSafeInteger(id)) return id;
  return typeof id === "string" && /^\d+$/.test(id) ? Number(id) : undefined;
}

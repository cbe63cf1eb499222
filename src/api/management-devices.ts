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

/** `GET /devices/?hardware_id=…[&license=…]`: every device with that hardware ID, across pages. */
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
  return items.map((item, index) => {
    const fields = objectAt(item, index, DEVICES_PATH);
    return {
      id: idOf(fields.id, `devices[${index}].id`),
      hardwareId: typeof fields.hardware_id === "string" ? fields.hardware_id : hardwareId,
      licenseId: licenseIdOf(fields.license),
      active: typeof fields.device_active === "boolean" ? fields.device_active : undefined,
    };
  });
}

/** `GET /device-variables/?device=…`, across pages, sorted by name. */
export async function listDeviceVariables(api: ManagementApi, deviceId: number): Promise<ManagedVariable[]> {
  const items = await api.list(DEVICE_VARIABLES_PATH, { device: String(deviceId) });
  return items
    .map((item, index) => {
      const { id, variable, value } = objectAt(item, index, DEVICE_VARIABLES_PATH);
      const where = `device-variables[${index}]`;
      if (typeof variable !== "string") throw invalidResponse(`${where} has no "variable" name`);
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw invalidResponse(`${where} ("${variable}") has a value that is not a string, number or boolean`);
      }
      return { id: idOf(id, `${where}.id`), variable, value };
    })
    .sort((a, b) => compareNames(a.variable, b.variable));
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

/** `license` is an ID in the list; be liberal about an expanded `{id, …}` or a numeric string. */
function licenseIdOf(value: unknown): number | undefined {
  const id = typeof value === "object" && value !== null ? (value as { id?: unknown }).id : value;
  if (typeof id === "number" && Number.isSafeInteger(id)) return id;
  return typeof id === "string" && /^\d+$/.test(id) ? Number(id) : undefined;
}

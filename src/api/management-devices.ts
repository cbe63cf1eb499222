import { compareNames, type VariableValue } from "../variables/variable-args.js";
import { listingMismatch } from "./listing-mismatch.js";
import { invalidResponse, type ManagementApi } from "./management.js";

/** A device variable with the ID that addresses it for PATCH and DELETE. */
export interface ManagedVariable {
  readonly id: number;
  readonly variable: string;
  readonly value: VariableValue;
}

const DEVICE_VARIABLES_PATH = "device-variables";

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

import { compareNames, type VariableValue } from "../variables/variable-args.js";
import { listingMismatch } from "./listing-mismatch.js";
import type { ManagementApi } from "./management.js";
import { idRef, itemObject, requiredId, variableItem } from "./management-items.js";

/** A device variable with the ID that addresses it for PATCH and DELETE. */
export interface ManagedVariable {
  readonly id: number;
  readonly variable: string;
  readonly value: VariableValue;
}

const DEVICE_VARIABLES_PATH = "device-variables";

/** As many as the devices of a listing: far beyond what one device holds, short of a heap crash. */
export const MAX_DEVICE_VARIABLES = 10_000;

/**
 * `GET /device-variables/?device=…`, across pages, sorted by name. Every item must name this device, and a
 * name may appear once: a listing that holds another device's variable, or two of one name, is refused.
 */
export async function listDeviceVariables(api: ManagementApi, deviceId: number): Promise<ManagedVariable[]> {
  const items = await api.list(
    DEVICE_VARIABLES_PATH,
    { device: String(deviceId) },
    {
      maxItems: MAX_DEVICE_VARIABLES,
      what: `variables of device ${deviceId}`,
      listing: "device_variables",
      kind: "network",
    },
  );
  const seen = new Set<string>();
  const ids = new Set<number>();
  return items
    .map((item, index) => {
      const where = `${DEVICE_VARIABLES_PATH}[${index}]`;
      const fields = itemObject(item, where);
      const { variable, value } = variableItem(fields, where);
      const checkedId = requiredId(fields.id, `${where}.id`);
      const owner = idRef(fields.device);
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
      // A second DELETE of one ID would report two variables gone where one was.
      if (ids.has(checkedId)) {
        throw listingMismatch(
          `the variables listed for device ${deviceId} give "${variable}" the ID ${checkedId} of another variable`,
        );
      }
      ids.add(checkedId);
      return { id: checkedId, variable, value };
    })
    .sort((a, b) => compareNames(a.variable, b.variable));
}

/** `DELETE /device-variables/{id}/`. */
export function deleteDeviceVariable(api: ManagementApi, id: number): Promise<void> {
  return api.delete(`${DEVICE_VARIABLES_PATH}/${id}`);
}

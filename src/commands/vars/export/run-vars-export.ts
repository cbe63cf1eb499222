import type { ListedDevice } from "../../../api/management-device-listing.js";
import { listDeviceVariables } from "../../../api/management-devices.js";
import { listScopedDevices } from "../../../sessions/device-scope.js";
import { compareNames, type VariableValue } from "../../../variables/variable-args.js";
import { csvHeader, csvRows, jsonLine } from "./export-formats.js";
import type { VarsExportInput } from "./verb.js";

export type ExportFormat = VarsExportInput["flags"]["format"];

/** One line per device (or per variable in CSV), written as each device is read. */
export async function runVarsExport({ out, flags: options, management }: VarsExportInput): Promise<void> {
  const { api, settings } = await management();
  const { devices, scope } = await listScopedDevices(api, settings, options);
  if (devices.length === 0) out.info(`No devices on the ${scope}.`);
  if (options.format === "csv") out.result(csvHeader());
  for (const device of devices) {
    // The listing carries device_variables (checked to be this device's); a server that leaves them out is asked.
    const variables = device.variables ?? (await readVariables(api, device));
    const sorted = [...variables].sort(([a], [b]) => compareNames(a, b));
    if (options.format === "csv") {
      if (sorted.length > 0)
        out.result(csvRows(device, sorted, { terminal: out.stdoutIsTTY, raw: options.rawCsv === true }));
    } else {
      out.result(jsonLine(device, sorted));
    }
  }
}

async function readVariables(
  api: Parameters<typeof listDeviceVariables>[0],
  device: ListedDevice,
): Promise<Map<string, VariableValue>> {
  const variables = await listDeviceVariables(api, device.id);
  return new Map(variables.map((v) => [v.variable, v.value]));
}

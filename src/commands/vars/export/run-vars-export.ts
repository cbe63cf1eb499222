import type { ListedDevice } from "../../../api/management-device-listing.js";
import { listDeviceVariables } from "../../../api/management-devices.js";
import type { Context } from "../../../context.js";
import { listScopedDevices } from "../../../sessions/device-scope.js";
import { openManagementApi } from "../../../sessions/management-session.js";
import { compareNames, type VariableValue } from "../../../variables/variable-args.js";
import { csvHeader, csvRows, jsonLine } from "./export-formats.js";

export type ExportFormat = "jsonl" | "csv";

export interface VarsExportOptions {
  readonly allLicenses: boolean;
  readonly format: ExportFormat;
  /** `--raw-csv`: cells as stored, formulas included (no leading `'`). */
  readonly rawCsv?: boolean;
}

/** One line per device (or per variable in CSV), written as each device is read. */
export async function runVarsExport(ctx: Context, options: VarsExportOptions): Promise<void> {
  const { api, settings } = openManagementApi(ctx);
  const { devices, scope } = await listScopedDevices(api, settings, options);
  if (devices.length === 0) ctx.out.info(`No devices on the ${scope}.`);
  if (options.format === "csv") ctx.out.result(csvHeader());
  for (const device of devices) {
    // The listing carries device_variables (checked to be this device's); a server that leaves them out is asked.
    const variables = device.variables ?? (await readVariables(api, device));
    const sorted = [...variables].sort(([a], [b]) => compareNames(a, b));
    if (options.format === "csv") {
      if (sorted.length > 0)
        ctx.out.result(
          csvRows(device, sorted, { terminal: ctx.out.stdoutIsTTY, raw: options.rawCsv === true }),
        );
    } else {
      ctx.out.result(jsonLine(device, sorted));
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

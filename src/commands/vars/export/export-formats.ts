import type { ListedDevice } from "../../../api/management-device-listing.js";
import { neutraliseFormula } from "../../../output/csv-cell.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { VariableValue } from "../../../variables/variable-args.js";

type Entries = ReadonlyArray<readonly [string, VariableValue]>;

/**
 * `{"device_id", "hardware_id", "license_id", "variables": {…}}` on one line, the variables in the order
 * given (JSON.stringify of an object would move integer-like names such as "9" to the front).
 */
export function jsonLine(device: ListedDevice, variables: Entries): string {
  const members = variables.map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`);
  const head = JSON.stringify({
    device_id: device.id,
    hardware_id: device.hardwareId,
    license_id: device.licenseId,
  });
  return `${head.slice(0, -1)},"variables":{${members.join(",")}}}`;
}

export function csvHeader(): string {
  return "device_id,hardware_id,license_id,variable,value";
}

/**
 * One RFC 4180 row per variable; on a terminal, control characters are shown escaped. Unless `raw`, a cell
 * a spreadsheet would run as a formula gets a leading `'` (see output/csv-cell.ts).
 */
export function csvRows(
  device: ListedDevice,
  variables: Entries,
  options: { terminal: boolean; raw: boolean },
): string {
  const field = (cell: string) => {
    const text = options.raw ? cell : neutraliseFormula(cell);
    const shown = options.terminal ? escapeControl(text) : text;
    return /[",\r\n]/.test(shown) ? `"${shown.replaceAll('"', '""')}"` : shown;
  };
  return variables
    .map(([name, value]) =>
      [String(device.id), device.hardwareId, String(device.licenseId), name, String(value)]
        .map(field)
        .join(","),
    )
    .join("\n");
}

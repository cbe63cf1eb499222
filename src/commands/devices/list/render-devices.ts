import type { ListedDevice } from "../../../api/management-device-listing.js";
import { displayWidth, shortenId } from "../../../output/display-width.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { tsvField } from "../../../output/tsv-format.js";
import type { ScopedDevices } from "../../../sessions/device-scope.js";

/** The stable JSON fields of a device, in this order (the TSV columns too). */
function deviceRecord(d: ListedDevice) {
  return {
    device_id: d.id,
    hardware_id: d.hardwareId,
    license_id: d.licenseId,
    license_key: d.licenseKey ?? null,
    active: d.active ?? null,
    last_check: d.lastCheck ?? null,
    os: d.os ?? null,
    hostname: d.hostname ?? null,
    app_ver: d.appVer ?? null,
    variable_count: d.variables?.size ?? null,
  };
}

/** JSON array, header-less TSV (null as empty), or a table with a caption for people. */
export function renderDevices(out: Output, listing: ScopedDevices, format: "table" | "json" | "tsv"): void {
  const { devices, scope } = listing;
  if (devices.length === 0) out.info(`No devices on the ${scope}.`);
  if (format === "json") {
    out.result(JSON.stringify(devices.map(deviceRecord), null, 2));
    return;
  }
  if (devices.length === 0) return;
  if (format === "tsv") {
    const rows = devices.map((d) =>
      Object.values(deviceRecord(d))
        .map((v) => (v === null ? "" : tsvField(String(v))))
        .join("\t"),
    );
    out.result(rows.join("\n"));
    return;
  }
  const { columns, rows, left } = fitDeviceColumns(devices, out.tableWidth);
  out.caption(`${devices.length} device${devices.length === 1 ? "" : "s"} on the ${scope}`);
  out.result(renderTable(columns, rows, out.stdoutPaint, out.tableWidth));
  if (left.length > 0)
    out.caption(
      `${left.join("; ")} to fit ${out.tableWidth} columns: -o json or -o tsv shows every field whole.`,
    );
}

interface DeviceColumn {
  readonly header: string;
  readonly cell: (d: ListedDevice) => string;
}

/** Every column, in the order shown; IDs first because support staff copy them. */
const DEVICE_ID: DeviceColumn = { header: "DEVICE ID", cell: (d) => String(d.id) };
const HARDWARE_ID: DeviceColumn = { header: "HARDWARE ID", cell: (d) => d.hardwareId };
const SHORT_HARDWARE_ID: DeviceColumn = { header: "HARDWARE ID", cell: (d) => shortenId(d.hardwareId) };
const OPTIONAL: readonly DeviceColumn[] = [
  { header: "LICENSE", cell: (d) => String(d.licenseId) },
  { header: "VARS", cell: (d) => (d.variables === undefined ? "-" : String(d.variables.size)) },
  { header: "ACTIVE", cell: (d) => (d.active === undefined ? "-" : d.active ? "yes" : "no") },
  { header: "LAST CHECK", cell: (d) => (d.lastCheck === undefined ? "-" : toMinute(d.lastCheck)) },
  {
    header: "OS · HOST · APP",
    cell: (d) => [d.os, d.hostname, d.appVer].filter((part) => part !== undefined).join(" · ") || "-",
  },
];
/** Shown in this order, dropped from the end of it when the terminal is too narrow (as gh drops columns). */
const DISPLAY_ORDER = ["LICENSE", "ACTIVE", "LAST CHECK", "VARS", "OS · HOST · APP"];

const GAP = 2;

/**
 * The columns that fit `width` without cutting a value: device IDs always whole; hardware IDs whole, or in
 * the first8…last4 form when they do not fit; then the other columns by priority (license, variables,
 * active, last check, OS · host · app), each whole or left out. What was shortened or left out is named,
 * for a caption under the table. Without a width (a pipe) every column is shown whole.
 */
export function fitDeviceColumns(devices: readonly ListedDevice[], width: number | undefined) {
  const widthOf = (column: DeviceColumn) =>
    devices.reduce(
      (max, d) => Math.max(max, displayWidth(escapeControl(column.cell(d)))),
      displayWidth(column.header),
    );
  const fits = (chosen: readonly DeviceColumn[]) =>
    width === undefined ||
    chosen.reduce((sum, c) => sum + widthOf(c), 0) + GAP * (chosen.length - 1) <= width;
  const left: string[] = [];
  // Whole hardware IDs only when every column fits beside them: otherwise the short form leaves room for more.
  let hardware = HARDWARE_ID;
  if (!fits([DEVICE_ID, hardware, ...OPTIONAL])) {
    hardware = SHORT_HARDWARE_ID;
    if (devices.some((d) => shortenId(d.hardwareId) !== d.hardwareId)) left.push("hardware IDs shortened");
  }
  const chosen: DeviceColumn[] = [DEVICE_ID, hardware];
  const dropped: string[] = [];
  for (const column of OPTIONAL) {
    if (dropped.length === 0 && fits([...chosen, column])) chosen.push(column);
    else dropped.push(column.header);
  }
  if (dropped.length > 0) left.push(`${dropped.join(", ")} left out`);
  const rank = (c: DeviceColumn) =>
    c === DEVICE_ID || c === hardware ? -1 : DISPLAY_ORDER.indexOf(c.header);
  const columns = [...chosen].sort((x, y) => rank(x) - rank(y));
  return {
    columns: columns.map(({ header }) => ({ header })),
    rows: devices.map((d) => columns.map((c) => c.cell(d))),
    left,
  };
}

/** An ISO time to the minute (2026-01-01T00:02Z, still ISO 8601, UTC): seconds say little in a listing. */
function toMinute(time: string): string {
  const minute = /^(\d{4}-\d\d-\d\dT\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z$/.exec(time);
  return minute ? `${minute[1]}Z` : time;
}

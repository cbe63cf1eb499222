import type { ListedDevice } from "../../../api/management-device-listing.js";
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
  const paint = out.stdoutPaint;
  const caption = `${devices.length} device${devices.length === 1 ? "" : "s"} on the ${scope}`;
  const table = renderTable(
    ["DEVICE ID", "HARDWARE ID", "LICENSE", "ACTIVE", "LAST CHECK", "VARS", "OS · HOST · APP"].map(
      (header) => ({ header }),
    ),
    devices.map((d) => [
      String(d.id),
      d.hardwareId,
      String(d.licenseId),
      d.active === undefined ? "-" : d.active ? "yes" : "no",
      d.lastCheck ?? "-",
      d.variables === undefined ? "-" : String(d.variables.size),
      [d.os, d.hostname, d.appVer].filter((part) => part !== undefined).join(" · ") || "-",
    ]),
    paint,
    out.tableWidth,
  );
  out.caption(caption);
  out.result(table);
}

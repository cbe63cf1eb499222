import type { DeviceVariable } from "../api/device-variables.js";
import type { Resolved } from "../config/source.js";
import type { Output } from "./output.js";
import { renderTable } from "./text-table.js";

/** The stable JSON for scripts: exactly the documented fields, in this order. */
export function variablesJson(variables: readonly DeviceVariable[]): string {
  return JSON.stringify(
    variables.map(({ variable, value, device_id, created_at }) => ({
      variable,
      value,
      device_id,
      created_at,
    })),
    null,
    2,
  );
}

export interface VariablesView {
  readonly variables: readonly DeviceVariable[];
  readonly hardwareId: Resolved<string>;
  /** The caption's verb: "Tracked" after a write, "Variables" for a listing. */
  readonly heading: string;
  /** Said on stderr when there is nothing to show. */
  readonly emptyMessage: string;
}

/**
 * People get one caption naming the device and the hardware ID (and where it came from), then a table
 * sorted by name, fitted to the terminal; scripts get the JSON array and nothing else.
 */
export function renderVariables(out: Output, view: VariablesView): void {
  const { variables } = view;
  if (out.json) {
    out.result(variablesJson(variables));
    if (variables.length === 0) out.info(view.emptyMessage);
    return;
  }
  if (variables.length === 0) {
    out.info(view.emptyMessage);
    return;
  }
  const devices = [...new Set(variables.map((v) => v.device_id))].join(", ");
  out.caption(`${view.heading} on device ${devices} · ${out.hardwareIdLabel(view.hardwareId)}`);
  out.result(
    renderTable(
      [{ header: "VARIABLE" }, { header: "VALUE" }, { header: "UPDATED" }],
      variables.map((v) => [v.variable, String(v.value), v.created_at ?? ""]),
      out.stdoutPaint,
      out.tableWidth,
    ),
  );
}

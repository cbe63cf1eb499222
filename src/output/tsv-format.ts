import type { DeviceVariable } from "../api/device-variables.js";
import { escapeControl } from "./escape-terminal.js";
import type { Output } from "./output.js";

/**
 * One TSV field: a backslash is doubled, then every control character is escaped (\t, \n, \r, \e, \xNN,
 * and \uNNNN for bidirectional overrides), so a field never holds a raw tab or newline.
 */
export function tsvField(text: string): string {
  return escapeControl(text.replaceAll("\\", "\\\\"));
}

/** Header-less `name<TAB>value` lines, for cut and awk. */
export function renderTsv(
  out: Output,
  variables: ReadonlyArray<Pick<DeviceVariable, "variable" | "value">>,
): void {
  if (variables.length === 0) return;
  out.result(variables.map((v) => `${tsvField(v.variable)}\t${tsvField(String(v.value))}`).join("\n"));
}

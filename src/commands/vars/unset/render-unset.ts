import type { ChalkInstance } from "chalk";
import type { ListedDevice } from "../../../api/management-device-listing.js";
import type { ManagedVariable } from "../../../api/management-devices.js";
import type { Resolved } from "../../../config/source.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { renderTsv } from "../../../output/tsv-format.js";

export interface UnsetView {
  readonly device: ListedDevice;
  readonly hardwareId: Resolved<string>;
  readonly variables: readonly ManagedVariable[];
}

/** The stable JSON for scripts: what was deleted, raw values, sorted by name. */
function deletedJson(variables: readonly ManagedVariable[]): string {
  return JSON.stringify(
    variables.map(({ variable, value, id }) => ({ variable, value, id })),
    null,
    2,
  );
}

/**
 * What will go, with current values, then the y/N question: all of it on stderr, where prompts belong, fitted
 * to that terminal's `width`.
 */
export function confirmationQuestion(
  view: UnsetView,
  out: Output,
  paint: ChalkInstance,
  width: number | undefined,
): string {
  const count = plural(view.variables.length);
  return [
    paint.dim(`About to delete ${count} from ${deviceLabel(view, out)}:`),
    variablesTable(view.variables, paint, width),
    `Delete ${view.variables.length === 1 ? "it" : `these ${count}`}?`,
  ].join("\n");
}

/**
 * People get a caption and a VARIABLE/VALUE table (values escaped); scripts get the JSON array, or with
 * `tsv`, name<TAB>value rows.
 */
export function renderDeleted(out: Output, view: UnsetView, tsv = false): void {
  if (out.json) {
    out.result(deletedJson(view.variables));
    return;
  }
  if (view.variables.length === 0) {
    out.info("Nothing was deleted.");
    return;
  }
  if (tsv) {
    renderTsv(out, view.variables);
    return;
  }
  out.caption(`Deleted ${plural(view.variables.length)} from ${deviceLabel(view, out)}`);
  out.result(variablesTable(view.variables, out.stdoutPaint, out.tableWidth));
}

function variablesTable(
  variables: readonly ManagedVariable[],
  paint: ChalkInstance,
  width: number | undefined,
): string {
  return renderTable(
    [{ header: "VARIABLE" }, { header: "VALUE" }],
    variables.map((v) => [v.variable, String(v.value)]),
    paint,
    width,
  );
}

/** Escaped: the hardware ID and the file it came from are not licensectl's own text. */
function deviceLabel({ device, hardwareId }: UnsetView, out: Output): string {
  const license = device.licenseId === undefined ? "" : ` (license ${device.licenseId})`;
  return escapeControl(`device ${device.id}${license} · ${out.hardwareIdLabel(hardwareId)}`);
}

const plural = (count: number) => `${count} variable${count === 1 ? "" : "s"}`;

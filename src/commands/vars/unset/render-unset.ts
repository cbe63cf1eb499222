import type { ChalkInstance } from "chalk";
import type { ListedDevice } from "../../../api/management-device-listing.js";
import type { ManagedVariable } from "../../../api/management-devices.js";
import { describeSource, type Resolved } from "../../../config/source.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";

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

/** What will go, with current values, then the y/N question: all of it on stderr, where prompts belong. */
export function confirmationQuestion(view: UnsetView, paint: ChalkInstance): string {
  const count = plural(view.variables.length);
  return [
    paint.dim(`About to delete ${count} from ${deviceLabel(view)}:`),
    variablesTable(view.variables, paint),
    `Delete ${view.variables.length === 1 ? "it" : `these ${count}`}?`,
  ].join("\n");
}

/** People get a caption and a VARIABLE/VALUE table (values escaped); scripts get the JSON array. */
export function renderDeleted(out: Output, view: UnsetView): void {
  if (out.json) {
    out.result(deletedJson(view.variables));
    return;
  }
  if (view.variables.length === 0) {
    out.info("Nothing was deleted.");
    return;
  }
  const paint = out.stdoutPaint;
  const caption = `Deleted ${plural(view.variables.length)} from ${deviceLabel(view)}`;
  out.result(`${paint.dim(caption)}\n${variablesTable(view.variables, paint)}`);
}

function variablesTable(variables: readonly ManagedVariable[], paint: ChalkInstance): string {
  return renderTable(
    [{ header: "VARIABLE" }, { header: "VALUE" }],
    variables.map((v) => [v.variable, String(v.value)]),
    paint,
  );
}

/** Escaped: the hardware ID and the file it came from are not licensectl's own text. */
function deviceLabel({ device, hardwareId }: UnsetView): string {
  const license = device.licenseId === undefined ? "" : ` (license ${device.licenseId})`;
  return escapeControl(
    `device ${device.id}${license} · hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})`,
  );
}

const plural = (count: number) => `${count} variable${count === 1 ? "" : "s"}`;

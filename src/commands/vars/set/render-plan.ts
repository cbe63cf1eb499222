import { describeSource, type Resolved } from "../../../config/source.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { countActions, type PlannedVariable } from "../../../variables/change-plan.js";

/**
 * A dry run: for scripts, `{"variables": [{variable, action, old_value, new_value}], "added": n,
 * "changed": n, "unchanged": n}`; for people, a caption saying nothing was sent, then a table.
 */
export function renderPlan(
  out: Output,
  plan: readonly PlannedVariable[],
  hardwareId: Resolved<string>,
): void {
  const counts = countActions(plan);
  if (out.json) {
    out.result(JSON.stringify({ variables: plan, ...counts }, null, 2));
    return;
  }
  const paint = out.stdoutPaint;
  const caption =
    `Dry run, nothing was sent: ${counts.added} to add, ${counts.changed} to change, ${counts.unchanged} unchanged` +
    ` · hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})`;
  const table = renderTable(
    [{ header: "VARIABLE" }, { header: "CHANGE" }, { header: "VALUE" }],
    plan.map((p) => [p.variable, p.action, describeChange(p)]),
    paint,
  );
  out.result(`${paint.dim(escapeControl(caption))}\n${table}`);
}

function describeChange({ action, old_value, new_value }: PlannedVariable): string {
  return action === "changed" ? `${String(old_value)} → ${String(new_value)}` : String(new_value);
}

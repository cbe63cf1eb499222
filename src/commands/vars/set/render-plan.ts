import type { Resolved } from "../../../config/source.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { tsvField } from "../../../output/tsv-format.js";
import { countActions, type PlannedVariable } from "../../../variables/change-plan.js";

/**
 * A dry run: for scripts, `{"variables": [{variable, action, old_value, new_value}], "added": n,
 * "changed": n, "unchanged": n}` (or with -o tsv, `name<TAB>action<TAB>old<TAB>new` rows); for people, a caption
 * saying nothing was sent, then a table.
 */
export function renderPlan(
  out: Output,
  plan: readonly PlannedVariable[],
  hardwareId: Resolved<string>,
  tsv = false,
): void {
  const counts = countActions(plan);
  if (out.json) {
    out.result(JSON.stringify({ variables: plan, ...counts }, null, 2));
    return;
  }
  if (tsv) {
    const field = (value: unknown) => (value === null || value === undefined ? "" : tsvField(String(value)));
    const rows = plan.map((p) => [p.variable, p.action, p.old_value, p.new_value].map(field).join("\t"));
    if (rows.length > 0) out.result(rows.join("\n"));
    return;
  }
  out.notice(
    `Dry run, nothing was sent: ${counts.added} to add, ${counts.changed} to change, ${counts.unchanged} unchanged` +
      ` · ${out.hardwareIdLabel(hardwareId)}`,
  );
  out.result(
    renderTable(
      [{ header: "VARIABLE" }, { header: "CHANGE" }, { header: "VALUE" }],
      plan.map((p) => [p.variable, p.action, describeChange(p)]),
      out.stdoutPaint,
      out.tableWidth,
    ),
  );
}

function describeChange({ action, old_value, new_value }: PlannedVariable): string {
  return action === "changed" ? `${String(old_value)} → ${String(new_value)}` : String(new_value);
}

import { shortenId } from "../../../output/display-width.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { hasDifferences, type VariablesDiff } from "../../../variables/variable-diff.js";

export interface DiffView {
  readonly a: string;
  readonly b: string;
  readonly diff: VariablesDiff;
}

/**
 * Scripts get `{a, b, added, removed, changed, same}`; people get a caption naming A and B with the counts,
 * then one row per difference (sorted by name: added, removed, then changed), or a line saying there is none.
 */
export function renderDiff(out: Output, { a, b, diff }: DiffView): void {
  if (out.json) {
    out.result(JSON.stringify({ a, b, ...diff }, null, 2));
    return;
  }
  // The promised short form (first8…last4; whole with --debug, in JSON and TSV): both IDs and the counts fit
  // one 80-column line, where the full IDs pushed B and the counts off the edge.
  const [shortA, shortB] = [a, b].map((id) => (out.debugEnabled ? id : shortenId(id)));
  const counts = `${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed, ${diff.same} the same`;
  if (!hasDifferences(diff)) {
    out.info(`No differences: ${counts} (A ${shortA}, B ${shortB}).`);
    return;
  }
  const paint = out.stdoutPaint;
  const rows = [
    ...diff.added.map((v) => [v.variable, "added", "-", String(v.value)]),
    ...diff.removed.map((v) => [v.variable, "removed", String(v.value), "-"]),
    ...diff.changed.map((v) => [v.variable, "changed", String(v.a), String(v.b)]),
  ];
  const table = renderTable(
    ["VARIABLE", "DIFF", "A", "B"].map((header) => ({ header })),
    rows,
    paint,
    out.tableWidth,
  );
  out.caption(`A ${shortA} · B ${shortB}: ${counts}`);
  out.result(table);
}

import type { ChalkInstance } from "chalk";
import type { Resolved } from "../../../config/source.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import type { ApplyCounts, ApplyStep } from "../../../variables/apply-plan.js";

/** The stable `--json` of `vars apply`: the plan, its counts, and whether it was carried out. */
export function applyJson(plan: readonly ApplyStep[], counts: ApplyCounts, applied: boolean): string {
  return JSON.stringify({ applied, variables: plan, ...counts }, null, 2);
}

/** "1 to add, 2 to change, 0 to remove, 4 the same" (or in the past tense once applied). */
export function describeCounts(counts: ApplyCounts, applied: boolean): string {
  return applied
    ? `${counts.add} added, ${counts.change} changed, ${counts.remove} removed, ${counts.same} the same`
    : `${counts.add} to add, ${counts.change} to change, ${counts.remove} to remove, ${counts.same} the same`;
}

/**
 * The plan for people or scripts: with --json the JSON above on stdout; otherwise a caption (a notice: in a
 * pipe it goes to stderr) and a VARIABLE / ACTION / VALUE table on stdout.
 */
export function renderApply(
  out: Output,
  plan: readonly ApplyStep[],
  counts: ApplyCounts,
  hardwareId: Resolved<string>,
  applied: boolean,
): void {
  if (out.json) {
    out.result(applyJson(plan, counts, applied));
    return;
  }
  const lead = applied ? "Applied" : "Dry run, nothing was sent";
  out.notice(`${lead}: ${describeCounts(counts, applied)} · ${out.hardwareIdLabel(hardwareId)}`);
  if (plan.length > 0) out.result(planTable(plan, out.stdoutPaint, out.tableWidth));
}

export function planTable(
  plan: readonly ApplyStep[],
  paint: ChalkInstance,
  width: number | undefined,
): string {
  return renderTable(
    [{ header: "VARIABLE" }, { header: "ACTION" }, { header: "VALUE" }],
    plan.map((step) => [step.variable, step.action, describeStep(step)]),
    paint,
    width,
  );
}

function describeStep({ action, old_value, new_value }: ApplyStep): string {
  if (action === "change") return `${String(old_value)} → ${String(new_value)}`;
  return String(action === "remove" ? old_value : new_value);
}

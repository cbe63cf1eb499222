import type { StoredVariable } from "./change-plan.js";
import { storedAs } from "./stored-value.js";
import { compareNames, type Variables, type VariableValue } from "./variable-args.js";

/** What `vars apply` does to one variable of a device. */
export type ApplyAction = "add" | "change" | "remove" | "same";

/** One line of the plan; the field names are the stable `--json` shape. */
export interface ApplyStep {
  readonly variable: string;
  readonly action: ApplyAction;
  /** What the device stores now; null when it does not have the variable. */
  readonly old_value: VariableValue | null;
  /** What the file wants; null for a removal. */
  readonly new_value: VariableValue | null;
}

export interface ApplyCounts {
  readonly add: number;
  readonly change: number;
  readonly remove: number;
  readonly same: number;
  /** add + change + remove: what a run would send; 0 means no drift. */
  readonly changes: number;
}

/**
 * Make a device's `current` variables equal `desired`: add what is new, change what differs, leave the same
 * alone (a stored "5.0" is the same as 5: storedAs), and with `prune` remove what `desired` does not name.
 * Without `prune` a variable the file does not name is not in the plan: apply leaves it untouched.
 * Sorted by name.
 */
export function planApply(
  current: readonly StoredVariable[],
  desired: ReadonlyMap<string, VariableValue>,
  prune: boolean,
): ApplyStep[] {
  const stored = new Map(current.map((v) => [v.variable, v.value]));
  const steps: ApplyStep[] = [...desired].map(([variable, value]) => {
    const old = stored.has(variable) ? (stored.get(variable) ?? null) : undefined;
    const action: ApplyAction = old === undefined ? "add" : storedAs(old, value) ? "same" : "change";
    return { variable, action, old_value: old ?? null, new_value: value };
  });
  if (prune) {
    for (const [variable, value] of stored) {
      if (!desired.has(variable))
        steps.push({ variable, action: "remove", old_value: value, new_value: null });
    }
  }
  return steps.sort((a, b) => compareNames(a.variable, b.variable));
}

export function countApply(plan: readonly ApplyStep[]): ApplyCounts {
  const counts = { add: 0, change: 0, remove: 0, same: 0 };
  for (const { action } of plan) counts[action]++;
  return { ...counts, changes: counts.add + counts.change + counts.remove };
}

/** The one track request of a run: what is new or different, nothing that is the same. */
export function variablesToSend(plan: readonly ApplyStep[]): Variables {
  // fromEntries defines own properties: a variable named __proto__ stays a variable.
  return Object.fromEntries(
    plan.flatMap((step) =>
      (step.action === "add" || step.action === "change") && step.new_value !== null
        ? [[step.variable, step.new_value]]
        : [],
    ),
  );
}

/** The names a pruning run deletes, sorted. */
export function variablesToRemove(plan: readonly ApplyStep[]): string[] {
  return plan.filter((step) => step.action === "remove").map((step) => step.variable);
}

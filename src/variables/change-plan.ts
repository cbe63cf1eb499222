import { storedAs } from "./stored-value.js";
import { compareNames, type VariableValue } from "./variable-args.js";

/** A variable as the device stores it now (the License API's answer fits this shape). */
export interface StoredVariable {
  readonly variable: string;
  readonly value: VariableValue | null;
}

export type PlanAction = "added" | "changed" | "unchanged";

/** One line of a dry run; the field names are the stable `--json` shape. */
export interface PlannedVariable {
  readonly variable: string;
  readonly action: PlanAction;
  /** What the server stores now; null when the variable is new. */
  readonly old_value: VariableValue | null;
  /** What `vars set` would send. */
  readonly new_value: VariableValue;
}

/**
 * What setting `next` would do to the device's `current` variables, sorted by name. The service stores
 * strings, so a value is unchanged when the stored text stands for it (storedAs): 5 over "5" or "5.0" changes nothing.
 */
export function planChanges(
  current: readonly StoredVariable[],
  next: ReadonlyMap<string, VariableValue>,
): PlannedVariable[] {
  const stored = new Map(current.map((v) => [v.variable, v.value]));
  return [...next]
    .map(([variable, value]): PlannedVariable => {
      const old = stored.get(variable);
      const action = old === undefined ? "added" : storedAs(old, value) ? "unchanged" : "changed";
      return { variable, action, old_value: old ?? null, new_value: value };
    })
    .sort((a, b) => compareNames(a.variable, b.variable));
}

export function countActions(plan: readonly PlannedVariable[]): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { added: 0, changed: 0, unchanged: 0 };
  for (const { action } of plan) counts[action]++;
  return counts;
}

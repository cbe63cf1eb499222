import { compareNames, type VariableValue } from "./variable-args.js";

/** The field names are the stable `vars diff --json` shape. */
export interface VariablesDiff {
  /** On B only. */
  readonly added: ReadonlyArray<{ readonly variable: string; readonly value: VariableValue }>;
  /** On A only. */
  readonly removed: ReadonlyArray<{ readonly variable: string; readonly value: VariableValue }>;
  /** On both, with other text. */
  readonly changed: ReadonlyArray<{
    readonly variable: string;
    readonly a: VariableValue;
    readonly b: VariableValue;
  }>;
  /** How many are on both with the same text. */
  readonly same: number;
}

/**
 * A's variables against B's, each list sorted by name. The service stores strings, so two values are the
 * same when their text is: 5 and "5" do not differ.
 */
export function diffVariables(
  a: ReadonlyMap<string, VariableValue>,
  b: ReadonlyMap<string, VariableValue>,
): VariablesDiff {
  const byName = (x: { variable: string }, y: { variable: string }) => compareNames(x.variable, y.variable);
  const added = [...b].filter(([name]) => !a.has(name)).map(([variable, value]) => ({ variable, value }));
  const removed = [...a].filter(([name]) => !b.has(name)).map(([variable, value]) => ({ variable, value }));
  const changed: Array<{ variable: string; a: VariableValue; b: VariableValue }> = [];
  let same = 0;
  for (const [variable, value] of a) {
    const other = b.get(variable);
    if (other === undefined) continue;
    if (String(other) === String(value)) same++;
    else changed.push({ variable, a: value, b: other });
  }
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort(byName), same };
}

export function hasDifferences(diff: VariablesDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length > 0;
}

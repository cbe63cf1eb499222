import type { VariableValue } from "./variable-args.js";

/**
 * Whether the text a server stores stands for `value`. The service stores strings: a number or boolean sent
 * comes back as text, and its spelling of that text is not documented, so "5.0" stands for 5 and "True" for
 * true; any other text does not. The one comparison of a stored value with a wanted one: a write's answer is
 * checked with it (src/api/answer-checks.ts), and `vars set --dry-run` and `vars apply` plan with it.
 */
export function storedAs(stored: VariableValue | null, value: VariableValue): boolean {
  if (stored === null) return false;
  const text = String(stored);
  if (text === String(value)) return true;
  if (typeof value === "number") return text.trim() !== "" && Number(text) === value;
  if (typeof value === "boolean") return text.toLowerCase() === String(value);
  return false;
}

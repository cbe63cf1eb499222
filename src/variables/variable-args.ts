import { usageError } from "../core/cli-error.js";

export type VariableValue = string | number | boolean;
export type Variables = Record<string, VariableValue>;

export interface ParseOptions {
  /** `--string`: no type inference, every KEY=VALUE is a string. */
  readonly stringsOnly?: boolean;
}

/**
 * Infer the type of a KEY=VALUE value: exactly `true`/`false` are booleans; text that round-trips exactly
 * through Number (and is finite, and a safe integer when integral) is a number; anything else is a string.
 */
export function inferValue(text: string): VariableValue {
  if (text === "true") return true;
  if (text === "false") return false;
  const number = Number(text);
  if (text !== "" && String(number) === text && isExactNumber(number)) return number;
  return text;
}

/** A number the service can store and give back unchanged: finite, and a safe integer when integral. */
export function isExactNumber(value: number): boolean {
  return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
}

/** "null", "an array" or "an object": what a non-scalar JSON value is, for errors. */
export function describeJsonKind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : "an object";
}

/** `KEY:=JSON`: a JSON string, number or boolean literal. */
export function parseJsonValue(text: string, argument: string, key: string): VariableValue {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw usageError(
      `"${argument}": the value after := is not valid JSON.`,
      `Quote JSON strings for the shell, e.g. id:='"007"', or use KEY=VALUE for plain text.`,
      "invalid_variable",
    );
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!isExactNumber(value)) {
      throw usageError(
        `"${argument}": ${text.trim()} cannot be stored exactly as a number.`,
        `Send it as a string instead: ${key}:='"${text.trim()}"'.`,
        "invalid_variable",
      );
    }
    return value;
  }
  throw usageError(
    `"${argument}": a variable must be a string, number or boolean, not ${describeJsonKind(value)}.`,
    `Store structured data as a JSON string: ${key}:='"…"' (escape the inner quotes).`,
    "invalid_variable",
  );
}

export interface ParsedVariable {
  readonly key: string;
  readonly value: VariableValue;
}

/** Parse one `KEY=VALUE` or `KEY:=JSON` argument. Splits on the first `=`. */
export function parseVariableArg(argument: string, options: ParseOptions = {}): ParsedVariable {
  const eq = argument.indexOf("=");
  if (eq === -1) {
    throw usageError(
      `"${argument}" is not KEY=VALUE.`,
      "Write each variable as KEY=VALUE (or KEY:=JSON for a typed literal).",
      "invalid_variable",
    );
  }
  const json = eq > 0 && argument[eq - 1] === ":";
  const key = argument.slice(0, json ? eq - 1 : eq);
  const text = argument.slice(eq + 1);
  if (key === "") {
    throw usageError(
      `"${argument}" has an empty variable name.`,
      "Write it as KEY=VALUE.",
      "invalid_variable",
    );
  }
  if (json) return { key, value: parseJsonValue(text, argument, key) };
  return { key, value: options.stringsOnly ? text : inferValue(text) };
}

/**
 * Parse every argument before anything is sent; the first bad one is a usage error that names it.
 */
export function parseVariableArgs(
  argv: readonly string[],
  options: ParseOptions = {},
): Map<string, VariableValue> {
  const variables = new Map<string, VariableValue>();
  for (const argument of argv) {
    const { key, value } = parseVariableArg(argument, options);
    if (variables.has(key)) {
      throw usageError(
        `Variable "${key}" is given more than once ("${argument}").`,
        "Pass each variable once.",
        "duplicate_variable",
      );
    }
    variables.set(key, value);
  }
  return variables;
}

/** Plain-object form for a JSON body; defines own properties, so a key like "__proto__" stays data. */
export function toVariablesObject(variables: ReadonlyMap<string, VariableValue>): Variables {
  return Object.fromEntries(variables);
}

/** Code-unit order: stable, locale-independent, and explicit (objects reorder numeric-looking keys). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names for a message: each quoted (JSON, so control characters show escaped), comma-separated. */
export function quoteList(names: readonly string[]): string {
  return names.map((name) => JSON.stringify(name)).join(", ");
}

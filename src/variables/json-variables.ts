import { usageError } from "../core/cli-error.js";
import { describeJsonKind, isExactNumber, type VariableValue } from "./variable-args.js";

/**
 * A JSON variables file: one top-level object whose values are strings, numbers or booleans, each kept
 * with its JSON type. A key given twice is an error (JSON.parse would silently keep the last one).
 * `source` names the input in errors.
 */
export function parseJsonVariables(text: string, source: string): Map<string, VariableValue> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw usageError(
      `${source} is not valid JSON: ${(error as Error).message}.`,
      'Write one object, e.g. {"channel": "beta", "seats": 5}, or pass --format dotenv.',
      "invalid_json_file",
    );
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw usageError(
      `${source} must hold one JSON object of variables, not ${describeJsonKind(document)}.`,
      'Write it as {"name": value, …}.',
      "invalid_json_file",
    );
  }
  const duplicate = firstDuplicate(topLevelKeys(text));
  if (duplicate !== undefined) {
    throw usageError(
      `${source}: "${duplicate}" is given more than once.`,
      "Set it once.",
      "duplicate_variable",
    );
  }
  const variables = new Map<string, VariableValue>();
  for (const [key, value] of Object.entries(document)) {
    if (key === "") {
      throw usageError(
        `${source} has an empty variable name ("").`,
        "Give every variable a name.",
        "invalid_variable",
      );
    }
    variables.set(key, checkedValue(key, value, source));
  }
  return variables;
}

function checkedValue(key: string, value: unknown, source: string): VariableValue {
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (isExactNumber(value)) return value;
    throw usageError(
      `${source}: "${key}" cannot be stored exactly as a number.`,
      "Write it as a JSON string instead (in quotes).",
      "invalid_variable",
    );
  }
  throw usageError(
    `${source}: "${key}" must be a string, number or boolean, not ${describeJsonKind(value)}.`,
    "Store structured data as a JSON string (escape the inner quotes).",
    "invalid_variable",
  );
}

const FOLLOWED_BY_COLON = /\s*:/y;

/** The keys of the top-level object of valid JSON text, in order, duplicates included. */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const end = closingQuote(text, i);
      FOLLOWED_BY_COLON.lastIndex = end + 1;
      if (depth === 1 && FOLLOWED_BY_COLON.test(text)) {
        keys.push(JSON.parse(text.slice(i, end + 1)) as string);
      }
      i = end;
    } else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") depth--;
  }
  return keys;
}

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i;
}

function firstDuplicate(keys: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

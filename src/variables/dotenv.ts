import { type CliError, usageError } from "../core/cli-error.js";

/** One `KEY=VALUE` of a dotenv file: the raw text value (typing is the caller's business). */
export interface DotenvEntry {
  readonly key: string;
  readonly value: string;
  /** 1-based line where the entry starts. */
  readonly line: number;
}

/** The names dotenv files conventionally use; anything else belongs in a JSON file. */
export const DOTENV_NAME = /^[A-Za-z0-9_.-]+$/;

const ASSIGNMENT = /^\s*(?:export\s+)?([^=]*?)\s*=/;
const SKIPPED_LINE = /^\s*(?:#|$)/;
const AFTER_QUOTE = /^\s*(?:#.*)?$/s;
/** Escapes inside double quotes: what follows the backslash → the character it stands for. */
const ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

type Fail = (line: number, message: string, hint?: string) => CliError;

/**
 * Parse dotenv text: `KEY=VALUE` lines, `#` comments, blank lines, an optional `export ` prefix.
 * Unquoted values are trimmed and end at ` #`; single quotes are literal and end on their line; double
 * quotes take \n \r \t \" \\ escapes and may span lines. `source` names the input in errors.
 */
export function parseDotenv(text: string, source: string): DotenvEntry[] {
  const fail: Fail = (line, message, hint) =>
    usageError(`${source}, line ${line}: ${message}`, hint, "invalid_dotenv");
  const lines = text.split("\n");
  const entries: DotenvEntry[] = [];
  const seen = new Map<string, number>();
  let index = 0;
  while (index < lines.length) {
    const line = index + 1;
    const raw = lines[index] ?? "";
    index++;
    if (SKIPPED_LINE.test(raw)) continue;
    const match = ASSIGNMENT.exec(raw);
    if (!match) throw fail(line, `expected KEY=VALUE, got ${JSON.stringify(raw.trim())}.`);
    const key = checkedName(match[1] ?? "", line, fail);
    const first = seen.get(key);
    if (first !== undefined) throw fail(line, `"${key}" is already set on line ${first}.`, "Set it once.");
    seen.set(key, line);
    const read = readValue(lines, index - 1, raw.slice(match[0].length), fail);
    index = read.next;
    entries.push({ key, value: read.value, line });
  }
  return entries;
}

function checkedName(name: string, line: number, fail: Fail): string {
  if (name.endsWith(":")) {
    throw fail(
      line,
      `"${name}=" looks like KEY:=JSON, which a dotenv file cannot express.`,
      "Write KEY=VALUE (typed like arguments) or use a JSON file.",
    );
  }
  if (!DOTENV_NAME.test(name)) {
    throw fail(
      line,
      name === "" ? "the variable name is empty." : `${JSON.stringify(name)} is not a dotenv variable name.`,
      "dotenv names use letters, digits, _ . and -; use a JSON file for other names.",
    );
  }
  return name;
}

/** The value starting at `rest` (the text after `=` on line `index`); `next` is the line after it. */
function readValue(
  lines: readonly string[],
  index: number,
  rest: string,
  fail: Fail,
): { value: string; next: number } {
  const start = rest.trimStart();
  const line = index + 1;
  if (start.startsWith("'")) {
    const end = start.indexOf("'", 1);
    if (end === -1) {
      throw fail(
        line,
        "the single quote is not closed on its line.",
        "Use double quotes for a multi-line value.",
      );
    }
    expectNothingAfterQuote(start.slice(end + 1), line, fail);
    return { value: start.slice(1, end), next: index + 1 };
  }
  if (start.startsWith('"')) return readDoubleQuoted(lines, index, start.slice(1), fail);
  const comment = rest.search(/\s#/);
  return { value: (comment === -1 ? rest : rest.slice(0, comment)).trim(), next: index + 1 };
}

function readDoubleQuoted(
  lines: readonly string[],
  index: number,
  first: string,
  fail: Fail,
): { value: string; next: number } {
  let value = "";
  let text = first;
  let current = index;
  for (let i = 0; ; i++) {
    if (i >= text.length) {
      current++;
      if (current >= lines.length) {
        throw fail(
          index + 1,
          "the double quote is never closed.",
          'Close the value with ". Inside double quotes a newline is part of the value.',
        );
      }
      value += "\n";
      text = lines[current] ?? "";
      i = -1;
      continue;
    }
    const char = text[i] as string;
    if (char === '"') {
      expectNothingAfterQuote(text.slice(i + 1), current + 1, fail);
      return { value, next: current + 1 };
    }
    const escaped = char === "\\" ? ESCAPES[text[i + 1] ?? ""] : undefined;
    value += escaped ?? char;
    if (escaped !== undefined) i++;
  }
}

function expectNothingAfterQuote(after: string, line: number, fail: Fail): void {
  if (!AFTER_QUOTE.test(after)) {
    throw fail(line, `unexpected ${JSON.stringify(after.trim())} after the closing quote.`);
  }
}

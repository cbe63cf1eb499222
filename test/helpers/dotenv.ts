/**
 * What the dotenv parser must read back as each character: written here by hand, not derived from the
 * parser's own table, so a wrong escape in the parser cannot cancel out in a round trip.
 */
const ESCAPED: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/**
 * Write entries as dotenv, each value in the plainest form that reads back exactly: unquoted, else
 * single-quoted, else double-quoted with escapes. Names must match DOTENV_NAME. Only tests write dotenv
 * (the round-trip property test), so this lives with them.
 */
export function serialiseDotenv(entries: ReadonlyArray<{ key: string; value: string }>): string {
  return entries.map(({ key, value }) => `${key}=${quoteDotenvValue(value)}\n`).join("");
}

function quoteDotenvValue(value: string): string {
  const multiLine = /[\n\r]/.test(value);
  if (!multiLine && value === value.trim() && !/^["']|\s#/.test(value)) return value;
  if (!multiLine && !value.includes("'")) return `'${value}'`;
  return `"${value.replace(/[\\"\n\r\t]/g, (char) => ESCAPED[char] ?? char)}"`;
}

/**
 * A JSON object whose keys stay in the given order. JSON.stringify of a plain object would move
 * integer-like keys ("9", "10") to the front; this writes the pairs as given, 2-space indented.
 */
export function orderedJsonObject(entries: ReadonlyArray<readonly [string, unknown]>): string {
  if (entries.length === 0) return "{}";
  const members = entries.map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`);
  return `{\n${members.join(",\n")}\n}`;
}

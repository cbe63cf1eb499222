// Renders the settings table of docs/configuration.md from the settings schema (src/config/schema.ts): each
// setting's config key, environment variable, flag, default and meaning.
import { flagName } from "../../src/config/resolve.js";
import { SETTING_KEYS, settingSpec } from "../../src/config/schema.js";

const START = "<!-- settings table: generated from src/config/schema.ts by `npm run docs` -->";
const END = "<!-- end of settings table -->";

/** Rows padded to their column's width, with a separator of dashes, as biome formats a markdown table. */
function table(header: readonly string[], body: readonly (readonly string[])[]): string[] {
  const widths = header.map((_, i) =>
    Math.max(3, ...[header, ...body].map((cells) => cells[i]?.length ?? 0)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

export function renderSettingsTable(): string {
  const lines = table(
    ["config key", "environment", "flag", "default", "meaning"],
    SETTING_KEYS.map((key) => {
      const spec = settingSpec(key);
      const flag = flagName(key);
      const placeholder = spec.placeholder ? ` <${spec.placeholder}>` : "";
      return [
        `\`${key}\``,
        `\`${spec.env}\``,
        flag
          ? `\`${flag}${flag.startsWith("--no-") ? "" : placeholder}\``
          : spec.secret
            ? "none (secret)"
            : "none",
        spec.default === undefined ? "" : `\`${String(spec.default)}\``,
        spec.description + (spec.secret ? " (secret: never printed)" : ""),
      ];
    }),
  );
  return `${START}\n${lines.join("\n")}\n${END}`;
}

/** `current` with its settings table replaced by the generated one. */
export function withSettingsTable(current: string): string {
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start)
    throw new Error(`docs/configuration.md: the markers ${START} … ${END} are missing`);
  return current.slice(0, start) + renderSettingsTable() + current.slice(end + END.length);
}

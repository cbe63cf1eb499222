// Renders the settings table of docs/configuration.md from the settings schema (src/config/schema.ts): each
// setting's config key, environment variable, flag, default and meaning.
import { flagName } from "../../src/config/resolve.js";
import { SETTING_KEYS, settingSpec } from "../../src/config/schema.js";

const START = "<!-- settings table: generated from src/config/schema.ts by `npm run docs` -->";
const END = "<!-- end of settings table -->";

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

export function renderSettingsTable(): string {
  const lines = [
    row(["config key", "environment", "flag", "default", "meaning"]),
    row(["---", "---", "---", "---", "---"]),
    ...SETTING_KEYS.map((key) => {
      const spec = settingSpec(key);
      const flag = flagName(key);
      const placeholder = spec.placeholder ? ` <${spec.placeholder}>` : "";
      return row([
        `\`${key}\``,
        `\`${spec.env}\``,
        flag
          ? `\`${flag}${flag.startsWith("--no-") ? "" : placeholder}\``
          : spec.secret
            ? "none (secret)"
            : "none",
        spec.default === undefined ? "" : `\`${String(spec.default)}\``,
        spec.description + (spec.secret ? " (secret: never printed)" : ""),
      ]);
    }),
  ];
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

import type { ResolvedSettings } from "../../../config/resolve.js";
import { SETTINGS } from "../../../config/schema.js";
import { describeSource } from "../../../config/source.js";
import { shellQuote } from "../../../core/shell-quote.js";
import { displayWidth, truncateToWidth } from "../../../output/display-width.js";
import { escapeControl } from "../../../output/escape-terminal.js";
import type { Output } from "../../../output/output.js";
import { renderTable } from "../../../output/text-table.js";
import { tsvField } from "../../../output/tsv-format.js";
import type { ShownSetting } from "./run-config-show.js";

export type ConfigShowFormat = "table" | "json" | "tsv" | "env";

/**
 * `config show` for people: a KEY/VALUE/SOURCE table, or on a terminal too narrow for it (the default URLs
 * alone are 77 columns), one block per setting, so no row wraps. For scripts: `key<TAB>value<TAB>source` rows,
 * or `LICENSECTL_*='value'` lines that reproduce the configured (not default) settings, secrets left out.
 */
export function renderSettings(
  out: Output,
  shown: readonly ShownSetting[],
  format: Exclude<ConfigShowFormat, "json">,
  settings: ResolvedSettings,
): void {
  const rows = shown.map(({ key, value, source }) => [
    key,
    value === null ? "(not set)" : String(value),
    source ? describeSource(source) : "",
  ]);
  if (format === "tsv") {
    out.result(
      shown
        .map(({ key, value, source }) =>
          [key, value === null ? "" : String(value), source ? describeSource(source) : ""]
            .map(tsvField)
            .join("\t"),
        )
        .join("\n"),
    );
  } else if (format === "env") {
    renderEnvSettings(out, shown, settings);
  } else if (out.tableWidth !== undefined && tableWidth(rows) > out.tableWidth) {
    out.result(verticalSettings(out, rows, out.tableWidth));
  } else {
    out.result(
      renderTable([{ header: "KEY" }, { header: "VALUE" }, { header: "SOURCE" }], rows, out.stdoutPaint),
    );
  }
}

function tableWidth(rows: ReadonlyArray<readonly string[]>): number {
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((row) => displayWidth(escapeControl(row[i] ?? "")))),
  );
  return widths.reduce((sum, width) => sum + width, 0) + 4;
}

/**
 * `key  value` with `source: …` under it; a value too long to follow its key goes on a line of its own, so
 * a full URL stays whole where it can. Every line is cut to the terminal's width.
 */
function verticalSettings(out: Output, rows: ReadonlyArray<readonly string[]>, width: number): string {
  const paint = out.stdoutPaint;
  const keyWidth = Math.max(...rows.map(([key]) => (key ?? "").length));
  const cut = (text: string) => truncateToWidth(text, width);
  return rows
    .map(([key = "", rawValue = "", source = ""]) => {
      const value = escapeControl(rawValue);
      const inline = keyWidth + 2 + displayWidth(value) <= width;
      const indent = inline ? keyWidth + 2 : 2;
      const lines = inline
        ? [`${paint.bold(key)}${" ".repeat(keyWidth - key.length + 2)}${cut(value)}`]
        : [paint.bold(key), cut(displayWidth(value) + 2 <= width ? `  ${value}` : value)];
      if (source) lines.push(paint.dim(cut(`${" ".repeat(indent)}source: ${escapeControl(source)}`)));
      return lines.join("\n");
    })
    .join("\n");
}

/** The configured settings as env lines: defaults add nothing, secrets are never printed (said on stderr). */
function renderEnvSettings(out: Output, shown: readonly ShownSetting[], settings: ResolvedSettings): void {
  const lines: string[] = [];
  const secrets: string[] = [];
  for (const { key, secret, source } of shown) {
    // A value read from the app's license file is reproduced by LICENSECTL_LICENSE_FILE, not copied out of it.
    if (!source || source.type === "default" || source.type === "license-file") continue;
    if (secret) {
      secrets.push(SETTINGS[key].env);
      continue;
    }
    const value = key === "hardwareId" ? shown.find((s) => s.key === key)?.value : settings[key]?.value;
    const line = `${SETTINGS[key].env}=${shellQuote(String(value))}`;
    lines.push(out.stdoutIsTTY ? escapeControl(line) : line);
  }
  if (secrets.length > 0) out.info(`Secrets are never printed: set ${secrets.join(", ")} yourself.`);
  if (lines.length > 0) out.result(lines.join("\n"));
}

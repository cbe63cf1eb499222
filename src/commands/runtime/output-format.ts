import { usageError } from "../../core/cli-error.js";

/**
 * What `-o/--output` can ask for: a table for people, JSON (the same as --json), name<TAB>value rows, KEY='value'
 * lines for eval, or the bare value for `$(…)`. Each verb declares the ones that make sense for what it prints.
 */
export type OutputFormat = "table" | "json" | "tsv" | "env" | "value";

const DESCRIPTIONS: Readonly<Record<OutputFormat, string>> = {
  table: "table",
  json: "json (= --json)",
  tsv: "tsv: rows for cut and awk",
  env: "env: KEY='value' lines for eval",
  value: "value: the bare value",
};

/** The `-o` help line: each format described once, the first marked default. */
export function describeFormats(formats: readonly OutputFormat[]): string {
  return formats.map((format, i) => `${DESCRIPTIONS[format]}${i === 0 ? " (default)" : ""}`).join("; ");
}

/**
 * The one place a run's output format is chosen. `--json` is the short form of `--output json`; combined with
 * another format it is a contradiction.
 */
export function chooseFormat<F extends OutputFormat>(
  json: boolean,
  output: F | undefined,
  fallback: F,
): F | "json" {
  if (json && output !== undefined && output !== "json") {
    throw usageError(
      `--json and --output ${output} ask for two different outputs.`,
      `Pass one of them: --json (the same as --output json) or --output ${output}.`,
      "conflicting_options",
    );
  }
  return output ?? (json ? "json" : fallback);
}

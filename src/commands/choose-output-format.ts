import { usageError } from "../core/cli-error.js";

/**
 * What `-o/--output` can ask for: a table for people, JSON (the same as --json), name<TAB>value rows, KEY='value'
 * lines for eval, or the bare value for `$(…)`. Each command offers the ones that make sense for what it prints.
 */
export type OutputFormat = "table" | "json" | "tsv" | "env" | "value";

/** `--json` is the short form of `--output json`; combined with another format it is a contradiction. */
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

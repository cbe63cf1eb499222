import { type Command, InvalidArgumentError, Option } from "commander";
import type { OutputFormat } from "./choose-output-format.js";

const DESCRIPTIONS: Readonly<Record<OutputFormat, string>> = {
  table: "table",
  json: "json (= --json)",
  tsv: "tsv: rows for cut and awk",
  env: "env: KEY='value' lines for eval",
  value: "value: the bare value",
};

/**
 * The `-o, --output <format>` option, its first format the default. Its help names every format once (not
 * again in a "(choices: …)" list); any other value is a usage error that lists them.
 */
export function outputOption(formats: readonly OutputFormat[], help?: string): Option {
  const described = formats.map((format, i) => `${DESCRIPTIONS[format]}${i === 0 ? " (default)" : ""}`);
  return new Option("-o, --output <format>", help ?? described.join("; ")).argParser((value) => {
    if (!(formats as readonly string[]).includes(value))
      throw new InvalidArgumentError(`Allowed choices are ${formats.join(", ")}.`);
    return value;
  });
}

/**
 * `--output json` is `--json`: the run's output (errors on stderr included) becomes JSON. Called from a verb's
 * action before it dispatches.
 */
export function applyOutputFlag(program: Command, output: OutputFormat | undefined): void {
  if (output === "json") program.setOptionValue("json", true);
}

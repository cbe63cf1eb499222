import { type Command, Option } from "commander";
import { flagName } from "../config/resolve.js";
import { SETTING_KEYS, type SettingKey, settingSpec } from "../config/schema.js";
import type { GlobalOptions } from "../context.js";
import { offerValues } from "./runtime/value-choices.js";

/** Settings that have a global flag, in the settings table's order. */
const FLAGGED_SETTINGS: readonly SettingKey[] = SETTING_KEYS.filter(
  (key) => settingSpec(key).flag !== undefined,
);

/** Global flags that are not settings: they choose where settings come from, or shape the run's output. */
const RUN_FLAGS: ReadonlyArray<readonly [flags: string, help: string]> = [
  ["--profile <name>", "use the named profile from the config file (env: LICENSECTL_PROFILE)"],
  ["--config <path>", "read exactly this config file, no search (env: LICENSECTL_CONFIG)"],
  ["--json", "machine-readable JSON on stdout; errors as JSON on stderr"],
  ["-q, --quiet", "print no informational messages on stderr (errors still)"],
  ["--no-color", "no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)"],
  ["--no-input", "never prompt; fail instead when an answer is needed"],
  ["--debug", "trace requests, settings sources and stacks on stderr (secrets are never shown)"],
];

/** A setting's flag and help line, generated from the settings table (src/config/schema.ts). */
export function settingFlag(key: SettingKey): readonly [flags: string, help: string] {
  const spec = settingSpec(key);
  const flag = flagName(key) as string;
  if (flag.startsWith("--no-"))
    return [flag, `${spec.negatedHelp ?? `turn off: ${spec.description}`} (env: ${spec.env}=false)`];
  const shownDefault =
    spec.type === "integer" && spec.default !== undefined ? `; default ${spec.default}` : "";
  return [
    `${flag} <${spec.placeholder ?? "value"}>`,
    `${spec.description}${shownDefault} (env: ${spec.env})`,
  ];
}

/** Adds every global flag: first the settings that have one, then the run flags. */
export function addGlobalFlags(program: Command): void {
  for (const key of FLAGGED_SETTINGS) {
    const option = new Option(...settingFlag(key));
    const choices = settingSpec(key).choices;
    program.addOption(choices ? offerValues(option, choices) : option);
  }
  for (const [flags, help] of RUN_FLAGS) program.option(flags, help);
}

/** Global flags as typed by the user; settings flags only where the user gave them. */
export function readGlobals(program: Command): GlobalOptions {
  const opts = program.opts<Record<string, unknown>>();
  const settingFlags: Partial<Record<SettingKey, unknown>> = {};
  for (const key of FLAGGED_SETTINGS) {
    const attribute = settingSpec(key).flag as string;
    if (program.getOptionValueSource(attribute) === "cli") settingFlags[key] = opts[attribute];
  }
  return {
    json: opts.json === true,
    debug: opts.debug === true,
    quiet: opts.quiet === true,
    color: opts.color !== false,
    input: opts.input !== false,
    config: typeof opts.config === "string" ? opts.config : undefined,
    profile: typeof opts.profile === "string" ? opts.profile : undefined,
    settingFlags,
  };
}

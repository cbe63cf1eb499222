import { type Command, Option } from "commander";
import { flagName } from "../config/resolve.js";
import { SETTING_KEYS, type SettingKey, settingSpec } from "../config/schema.js";
import type { GlobalOptions } from "../context.js";
import { offerValues } from "./runtime/value-choices.js";

/** Settings that have a global flag, in the settings table's order. */
const FLAGGED_SETTINGS: readonly SettingKey[] = SETTING_KEYS.filter(
  (key) => settingSpec(key).flag !== undefined,
);

/**
 * Global flags that are not settings: they choose where settings come from, or shape the run's output. An
 * env variable, when the flag has one, follows the rule settings' flags follow (see envRule).
 */
const RUN_FLAGS: ReadonlyArray<readonly [flags: string, help: string, env?: string]> = [
  ["--profile <name>", "use the named profile of the config file", "LICENSECTL_PROFILE"],
  ["--config <path>", "read exactly this config file, no search", "LICENSECTL_CONFIG"],
  ["--json", "JSON on stdout; errors as JSON on stderr"],
  ["-q, --quiet", "print no informational messages (errors still)"],
  ["--no-color", "no colour (NO_COLOR=1 too; FORCE_COLOR=1 forces)"],
  ["--no-input", "never prompt; fail when an answer is needed"],
  ["--debug", "trace requests, settings, stacks (no secrets)"],
];

/** The long flags of the run flags that have an env variable: `help globals` names them in its env rule. */
export const RUN_FLAGS_WITH_ENV: readonly string[] = RUN_FLAGS.filter(([, , env]) => env).map(
  ([flags]) => flags.split(" ")[0] as string,
);

/**
 * The env rule `help globals` states once: `--foo-bar` is LICENSECTL_FOO_BAR, `--no-foo` is LICENSECTL_FOO=false.
 * A flag whose env variable breaks it names its own on its line, so the page stays true.
 */
function envNote(flag: string, env: string | undefined): string {
  if (env === undefined) return "";
  const ruled = `LICENSECTL_${flag
    .replace(/^--(no-)?/, "")
    .replaceAll("-", "_")
    .toUpperCase()}`;
  return env === ruled ? "" : ` (env: ${env}${flag.startsWith("--no-") ? "=false" : ""})`;
}

/** A setting's flag and its one help line, generated from the settings table (src/config/schema.ts). */
export function settingFlag(key: SettingKey): readonly [flags: string, help: string] {
  const spec = settingSpec(key);
  const flag = flagName(key) as string;
  if (flag.startsWith("--no-"))
    return [
      flag,
      `${spec.brief ?? spec.negatedHelp ?? `turn off: ${spec.description}`}${envNote(flag, spec.env)}`,
    ];
  const shownDefault =
    spec.type === "integer" && spec.default !== undefined ? `; default ${spec.default}` : "";
  return [
    `${flag} <${spec.placeholder ?? "value"}>`,
    `${spec.brief ?? spec.description}${shownDefault}${envNote(flag, spec.env)}`,
  ];
}

/** The long names of the global flags that set a setting (`help globals` lists them apart from the rest). */
export const SETTING_FLAG_NAMES: ReadonlySet<string> = new Set(
  FLAGGED_SETTINGS.map((key) => flagName(key) as string),
);

/** Adds every global flag: first the settings that have one, then the run flags. */
export function addGlobalFlags(program: Command): void {
  for (const key of FLAGGED_SETTINGS) {
    const option = new Option(...settingFlag(key));
    const choices = settingSpec(key).choices;
    program.addOption(choices ? offerValues(option, choices) : option);
  }
  for (const [flags, help, env] of RUN_FLAGS)
    program.option(flags, `${help}${envNote(flags.split(" ")[0] as string, env)}`);
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

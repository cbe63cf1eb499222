import { type DeviceVariable, getDeviceVariables } from "../../../api/device-variables.js";
import { describeSource, type Resolved } from "../../../config/source.js";
import type { Context } from "../../../context.js";
import { CliError } from "../../../core/cli-error.js";
import { orderedJsonObject } from "../../../output/json-format.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { quoteList, type VariableValue } from "../../../variables/variable-args.js";

export interface VarsGetOptions {
  /** `--default`: printed for a variable the device does not have, instead of failing. */
  readonly defaultValue?: string | undefined;
}

/**
 * Print the raw values of `keys`, one per line in argument order (or one JSON object with --json), from
 * one GET. A missing variable fails with variable_not_found unless --default is given.
 */
export async function runVarsGet(
  ctx: Context,
  keys: readonly string[],
  options: VarsGetOptions,
): Promise<void> {
  const session = await openDeviceSession(ctx);
  const variables = await getDeviceVariables(session.api, session.target);
  const stored = new Map<string, VariableValue>(variables.map((v) => [v.variable, v.value]));
  const missing = [...new Set(keys.filter((key) => !stored.has(key)))];
  if (missing.length > 0 && options.defaultValue === undefined) {
    throw notFound(missing, variables, session.hardwareId);
  }
  const shown = (key: string): VariableValue => stored.get(key) ?? (options.defaultValue as string);
  if (ctx.out.json) {
    ctx.out.result(orderedJsonObject([...new Set(keys)].map((key) => [key, shown(key)])));
    return;
  }
  ctx.out.result(keys.map((key) => `${String(shown(key))}\n`).join(""));
}

const MAX_NAMES_IN_HINT = 20;

function notFound(
  missing: readonly string[],
  variables: readonly DeviceVariable[],
  hardwareId: Resolved<string>,
): CliError {
  const device = `the device with hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})`;
  return new CliError(
    "api",
    `No variable${missing.length === 1 ? "" : "s"} ${quoteList(missing)} on ${device}.`,
    {
      code: "variable_not_found",
      hint: `${describeNames(variables)} Pass --default <value> to print a fallback instead.`,
    },
  );
}

function describeNames(variables: readonly DeviceVariable[]): string {
  if (variables.length === 0) return "The device has no variables.";
  const shown = variables.slice(0, MAX_NAMES_IN_HINT).map((v) => v.variable);
  const more = variables.length > MAX_NAMES_IN_HINT ? `, … (${variables.length} in all)` : "";
  return `The device has: ${shown.join(", ")}${more}.`;
}

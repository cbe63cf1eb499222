import { type DeviceVariable, getDeviceVariables } from "../../../api/device-variables.js";
import { describeSource, type Resolved } from "../../../config/source.js";
import { CliError } from "../../../core/cli-error.js";
import { nearNames } from "../../../core/near-names.js";
import { renderEnv } from "../../../output/env-format.js";
import { orderedJsonObject } from "../../../output/json-format.js";
import { renderTsv } from "../../../output/tsv-format.js";
import { quoteList, type VariableValue } from "../../../variables/variable-args.js";
import type { VarsGetInput } from "./verb.js";

/**
 * Print the raw values of `keys`, one per line in argument order (or one JSON object with --json, KEY='value'
 * lines with -o env, name<TAB>value rows with -o tsv), from one GET. A missing variable fails with
 * variable_not_found, naming the device's nearest names, unless --default is given.
 */
export async function runVarsGet({ out, args: [keys], flags, format, device }: VarsGetInput): Promise<void> {
  const session = await device();
  const variables = await getDeviceVariables(session.api, session.target);
  const stored = new Map<string, VariableValue>(variables.map((v) => [v.variable, v.value]));
  const missing = [...new Set(keys.filter((key) => !stored.has(key)))];
  if (missing.length > 0 && flags.default === undefined) {
    throw notFound(missing, variables, session.hardwareId);
  }
  const shown = (key: string): VariableValue => stored.get(key) ?? (flags.default as string);
  const unique = [...new Set(keys)].map((variable) => ({ variable, value: shown(variable) }));
  if (format === "json") {
    out.result(orderedJsonObject(unique.map(({ variable, value }) => [variable, value])));
  } else if (format === "env" || format === "tsv") {
    (format === "env" ? renderEnv : renderTsv)(out, unique);
  } else {
    // Raw where scripts capture it (not a terminal) or with --raw; escaped on a terminal.
    out.values(
      keys.map((key) => String(shown(key))),
      { raw: flags.raw === true },
    );
  }
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
      hint: `${suggestions(missing, variables)}${describeNames(variables)} Pass --default <value> to print a fallback instead.`,
    },
  );
}

/** "Did you mean "channel"? " for each missing name close to one the device has (all of them, not only 20). */
function suggestions(missing: readonly string[], variables: readonly DeviceVariable[]): string {
  const names = variables.map((v) => v.variable);
  return missing
    .map((name) => [name, nearNames(name, names)] as const)
    .filter(([, near]) => near.length > 0)
    .map(([name, near]) => {
      const which = missing.length > 1 ? ` (for "${name}")` : "";
      return `Did you mean ${near.map((n) => JSON.stringify(n)).join(" or ")}${which}? `;
    })
    .join("");
}

function describeNames(variables: readonly DeviceVariable[]): string {
  if (variables.length === 0) return "The device has no variables.";
  const shown = variables.slice(0, MAX_NAMES_IN_HINT).map((v) => v.variable);
  const more = variables.length > MAX_NAMES_IN_HINT ? `, … (${variables.length} in all)` : "";
  return `The device has: ${shown.join(", ")}${more}.`;
}

import { getDeviceVariables } from "../../../api/device-variables.js";
import { describeSource } from "../../../config/source.js";
import type { Context } from "../../../context.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { renderEnv } from "../../../output/env-format.js";
import { renderTsv } from "../../../output/tsv-format.js";
import { renderVariables } from "../../../output/variables-table.js";
import { openDeviceSession } from "../../../sessions/device-session.js";
import { chooseFormat } from "../../choose-output-format.js";

export type ListFormat = "table" | "json" | "env" | "tsv";

export interface VarsListOptions {
  /** `--output`; table when absent (json with --json). */
  readonly output?: ListFormat | undefined;
}

export async function runVarsList(ctx: Context, options: VarsListOptions = {}): Promise<void> {
  const format = listFormat(ctx.globals.json, options.output);
  const session = await openDeviceSession(ctx);
  const variables = await getDeviceVariables(session.api, session.target);
  const { hardwareId } = session;
  const emptyMessage = `No variables on the device with hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)}).`;
  if (format === "env" || format === "tsv") {
    if (variables.length === 0) ctx.out.info(emptyMessage);
    (format === "env" ? renderEnv : renderTsv)(ctx.out, variables);
    return;
  }
  await loadDisplayWidth(variables.flatMap((v) => [v.variable, String(v.value)]));
  renderVariables(ctx.out, {
    variables,
    hardwareId,
    heading: `${variables.length} variable${variables.length === 1 ? "" : "s"}`,
    emptyMessage,
  });
}

/** `--json` is the short form of `--output json`; combined with another format it is a contradiction. */
export function listFormat(json: boolean, output: ListFormat | undefined): ListFormat {
  return chooseFormat(json, output, "table");
}

import { getDeviceVariables } from "../../../api/device-variables.js";
import { describeSource } from "../../../config/source.js";
import { loadDisplayWidth } from "../../../output/display-width.js";
import { renderEnv } from "../../../output/env-format.js";
import { renderTsv } from "../../../output/tsv-format.js";
import { renderVariables } from "../../../output/variables-table.js";
import type { VarsListInput } from "./verb.js";

export async function runVarsList({ out, format, device }: VarsListInput): Promise<void> {
  const session = await device();
  const variables = await getDeviceVariables(session.api, session.target);
  const { hardwareId } = session;
  const emptyMessage = `No variables on the device with hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)}).`;
  if (format === "env" || format === "tsv") {
    if (variables.length === 0) out.info(emptyMessage);
    (format === "env" ? renderEnv : renderTsv)(out, variables);
    return;
  }
  await loadDisplayWidth(variables.flatMap((v) => [v.variable, String(v.value)]));
  renderVariables(out, {
    variables,
    hardwareId,
    heading: `${variables.length} variable${variables.length === 1 ? "" : "s"}`,
    emptyMessage,
  });
}

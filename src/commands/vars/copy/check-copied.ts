import type { DeviceVariable } from "../../../api/device-variables.js";
import { CliError } from "../../../core/cli-error.js";
import { quoteList, type VariableValue } from "../../../variables/variable-args.js";

/**
 * The answer to the write must hold every variable sent, with the same text, on one device: otherwise the
 * copy cannot be trusted to have happened as asked.
 */
export function checkCopied(
  sent: ReadonlyMap<string, VariableValue>,
  answer: readonly DeviceVariable[],
  to: string,
): void {
  const stored = new Map(answer.map((v) => [v.variable, v.value]));
  const wrong = [...sent].filter(([name, value]) => String(stored.get(name)) !== String(value));
  const devices = new Set(answer.map((v) => v.device_id));
  if (wrong.length === 0 && devices.size <= 1) return;
  const detail =
    wrong.length > 0
      ? `it does not hold ${quoteList(wrong.map(([name]) => name))} as sent`
      : `it names ${devices.size} devices`;
  throw new CliError("verification", `The answer to the copy to ${to} does not confirm it: ${detail}.`, {
    code: "copy_not_confirmed",
    hint: "Check the device with `licensectl vars list --hardware-id <to>` and run the copy again (it is an upsert).",
  });
}

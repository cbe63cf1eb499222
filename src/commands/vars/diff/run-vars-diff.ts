import { type DeviceVariable, getDeviceVariables } from "../../../api/device-variables.js";
import { usageError } from "../../../core/cli-error.js";
import type { VariableValue } from "../../../variables/variable-args.js";
import { diffVariables } from "../../../variables/variable-diff.js";
import { renderDiff } from "./render-diff.js";
import type { VarsDiffInput } from "./verb.js";

export async function runVarsDiff({ out, args: [a, b], device }: VarsDiffInput): Promise<void> {
  for (const id of [a, b]) {
    if (id.trim() === "")
      throw usageError("A hardware ID is empty.", "Pass two hardware IDs: vars diff <a> <b>.");
  }
  if (a === b) {
    throw usageError(
      "vars diff compares two devices, and both hardware IDs are the same.",
      "Pass two different hardware IDs (see them with `licensectl devices list`).",
    );
  }
  const session = await device();
  // Each read's hints name the ID it sent and its side, so a refusal of B never points at A or at this machine.
  const read = (hardwareId: string, side: "A" | "B") => {
    const device = session.forDevice({ value: hardwareId, source: { type: "argument", name: side } });
    return getDeviceVariables(device.api, device.target);
  };
  const [left, right] = await Promise.all([read(a, "A"), read(b, "B")]);
  renderDiff(out, { a, b, diff: diffVariables(byName(left), byName(right)) });
}

function byName(variables: readonly DeviceVariable[]): Map<string, VariableValue> {
  return new Map(variables.map((v) => [v.variable, v.value]));
}

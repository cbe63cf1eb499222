import type { DeviceVariable } from "../../../../api/device-variables.js";
import { CliError } from "../../../../core/cli-error.js";
import type { Variables } from "../../../../variables/variable-args.js";

/**
 * The answer to a track request must hold every variable sent, with the value sent (the service answers
 * values as strings: `1` comes back as `"1"`), all on one device. Anything less is not a confirmed write.
 */
export function verifyTracked(tracked: readonly DeviceVariable[], sent: Variables): void {
  const byName = new Map(tracked.map((item) => [item.variable, item]));
  const wrong: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const answered = byName.get(name);
    if (!answered) wrong.push(`${name} is missing`);
    else if (String(answered.value) !== String(value)) wrong.push(`${name} came back with another value`);
  }
  const devices = new Set(tracked.map((item) => item.device_id));
  if (devices.size > 1) wrong.push("the variables came back on more than one device");
  if (wrong.length > 0) {
    throw new CliError("verification", `The answer does not confirm the write: ${wrong.join("; ")}.`, {
      code: "unconfirmed_write",
      hint: "Read the device's variables with vars list before trusting this device; the server may be misbehaving.",
    });
  }
}

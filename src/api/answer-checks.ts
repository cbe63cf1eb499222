import { CliError } from "../core/cli-error.js";
import { storedAs } from "../variables/stored-value.js";
import type { Variables } from "../variables/variable-args.js";
import type { DeviceVariable } from "./device-variables.js";

/**
 * A signature proves the server wrote the body, not that the body answers this request. These checks
 * compare each answer with the question before anything is shown or reported.
 */

const MAX_DIFFERENCES_SHOWN = 10;

/**
 * track_device_variables answers with what it wrote: every variable sent must be there with the value sent,
 * compared as the server stores it (a string). Returns the entries for what was sent, in the answer's order.
 */
export function confirmTracked(sent: Variables, tracked: readonly DeviceVariable[]): DeviceVariable[] {
  const answered = new Map(tracked.map((v) => [v.variable, v]));
  const differences: string[] = [];
  for (const [name, value] of Object.entries(sent)) {
    const entry = answered.get(name);
    if (!entry) differences.push(`${JSON.stringify(name)} is missing`);
    else if (!storedAs(entry.value, value)) {
      differences.push(
        `${JSON.stringify(name)} is ${JSON.stringify(String(entry.value))}, not the ${JSON.stringify(String(value))} sent`,
      );
    }
  }
  if (differences.length > 0) {
    const shown = differences.slice(0, MAX_DIFFERENCES_SHOWN).join("; ");
    const more = differences.length > MAX_DIFFERENCES_SHOWN ? `; … (${differences.length} in all)` : "";
    throw new CliError(
      "verification",
      `The server's answer to track_device_variables does not confirm what was sent: ${shown}${more}. Nothing is reported as written.`,
      {
        code: "unconfirmed_write",
        hint: "The device's variables are now unknown: read them with `licensectl vars list`, and check that apiUrl points at the LicenseSpring License API.",
      },
    );
  }
  return tracked.filter((v) => Object.hasOwn(sent, v.variable));
}

/** Every entry of one answer must belong to one device: the request named exactly one. */
export function assertOneDevice(variables: readonly DeviceVariable[], path: string): void {
  const devices = [...new Set(variables.map((v) => v.device_id))];
  if (devices.length <= 1) return;
  throw new CliError(
    "verification",
    `The server's answer to ${path} mixes the variables of ${devices.length} devices (device_id ${devices.join(", ")}), but the request named one device; nothing from it is shown.`,
    {
      code: "mixed_devices",
      hint: "Check that apiUrl points at the LicenseSpring License API and that no proxy rewrites its answers; retry later.",
    },
  );
}

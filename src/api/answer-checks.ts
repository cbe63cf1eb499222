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
      { code: "unconfirmed_write" },
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
    { code: "mixed_devices" },
  );
}

/**
 * How far a write's `created_at` may stand from the moment it was asked for and answered, on this run's
 * clock (local time corrected only by an offset a clock refusal measured in this run, see clock.ts): sixteen
 * minutes either side — the fifteen the API allows between a request's Date and its own clock, and one for
 * the request's flight. So every machine clock the API accepts passes, and a signed answer recorded earlier
 * and replayed (or a get_device_variables answer replayed to a write) carrying the dates of then is refused
 * once it is more than sixteen minutes old. Nothing the answer says moves this window: the server's Date
 * header is not signed.
 */
export const FRESH_WINDOW_MS = 16 * 60_000;

/** The span a write was in flight, on this run's clock. */
export interface RequestSpan {
  readonly sentAt: Date;
  readonly answeredAt: Date;
}

/** Every entry of a write's answer was written during the request (within FRESH_WINDOW_MS). */
export function assertFresh(written: readonly DeviceVariable[], span: RequestSpan, path: string): void {
  const from = span.sentAt.getTime() - FRESH_WINDOW_MS;
  const to = span.answeredAt.getTime() + FRESH_WINDOW_MS;
  const stale = written.filter((v) => {
    const at = v.created_at === null ? Number.NaN : Date.parse(v.created_at);
    return !(at >= from && at <= to);
  });
  if (stale.length === 0) return;
  const first = stale[0] as DeviceVariable;
  const when = first.created_at === null ? "no created_at" : `created_at ${first.created_at}`;
  throw new CliError(
    "verification",
    `The server's answer to ${path} is not fresh: ${JSON.stringify(first.variable)} has ${when}, but the request was sent at ${span.sentAt.toISOString()} (licensectl accepts ${FRESH_WINDOW_MS / 60_000} minutes either side)${stale.length > 1 ? `, and ${stale.length - 1} more entries are the same` : ""}. An answer recorded earlier may have been replayed; nothing is reported as written.`,
    {
      code: "stale_answer",
      hint: "Check this machine's clock (NTP) and that no proxy replays the API's answers; then read the device's variables with `licensectl vars list` to see what it holds.",
    },
  );
}

/** An answer naming one variable twice is not a list of one device's variables: refused. */
export function assertNamesOnce(variables: readonly DeviceVariable[], path: string): void {
  const seen = new Set<string>();
  for (const v of variables) {
    if (seen.has(v.variable)) {
      throw new CliError(
        "verification",
        `The server's answer to ${path} names the variable ${JSON.stringify(v.variable)} more than once; a device holds one value a name, so nothing from it is shown or reported as written.`,
        { code: "duplicate_variable" },
      );
    }
    seen.add(v.variable);
  }
}

/** Where the request knew the device (a listing gave its ID), the answer must be about that device. */
export function assertDevice(variables: readonly DeviceVariable[], deviceId: number, path: string): void {
  const other = variables.find((v) => v.device_id !== deviceId);
  if (!other) return;
  throw new CliError(
    "verification",
    `The server's answer to ${path} is about device_id ${other.device_id}, but the listing gave device ${deviceId} for this hardware ID; nothing from it is reported as written.`,
    { code: "other_device" },
  );
}

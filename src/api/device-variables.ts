import { CliError } from "../core/cli-error.js";
import { compareNames, type Variables, type VariableValue } from "../variables/variable-args.js";
import {
  assertDevice,
  assertFresh,
  assertNamesOnce,
  assertOneDevice,
  confirmTracked,
} from "./answer-checks.js";
import type { LicenseApi } from "./client.js";
import { seenDevices } from "./seen-devices.js";

/** Who the call is about: one device of one license of one product. */
export interface DeviceTarget {
  readonly product: string;
  readonly hardwareId: string;
  readonly licenseKey?: string | undefined;
  readonly username?: string | undefined;
  readonly licenseId?: number | undefined;
  /** The device's ID where a listing gave it: every answer must then be about that device. */
  readonly deviceId?: number | undefined;
}

/** One variable as licensectl presents it, whichever of the server's shapes it came in. */
export interface DeviceVariable {
  readonly variable: string;
  /** "" when the server sent none (null or missing). */
  readonly value: VariableValue;
  readonly device_id: number;
  /** ISO-8601 UTC; null when the server sent none. */
  readonly created_at: string | null;
}

export const TRACK_PATH = "track_device_variables";
export const GET_PATH = "get_device_variables";

/**
 * Upsert by name; answers with the variables written, sorted by name, once the answer confirms them all:
 * every value sent, each written during this request (fresh), about this device and no device this run
 * saw under another hardware ID. The one check for one device and for many (fleet runs call this too).
 */
export async function trackDeviceVariables(
  api: LicenseApi,
  target: DeviceTarget,
  variables: Variables,
): Promise<DeviceVariable[]> {
  const body = { ...identityFields(target), variables };
  // Local time when sent, put on this run's clock once answered: a refusal in between may have measured
  // the offset (and the request was then sent again, corrected).
  const sentLocal = api.clock.now().getTime() - api.clock.offsetMs();
  const answer = normaliseVariables(await api.post(TRACK_PATH, body), TRACK_PATH);
  const written = confirmTracked(variables, answer);
  const sentAt = new Date(sentLocal + api.clock.offsetMs());
  assertFresh(written, { sentAt, answeredAt: api.clock.now() }, TRACK_PATH);
  bindToTarget(api, target, answer, TRACK_PATH);
  return written;
}

export async function getDeviceVariables(api: LicenseApi, target: DeviceTarget): Promise<DeviceVariable[]> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(identityFields(target))) query[key] = String(value);
  const answer = normaliseVariables(await api.get(GET_PATH, query), GET_PATH);
  bindToTarget(api, target, answer, GET_PATH);
  return answer;
}

/** The answer is about the device asked for, as far as this run can tell (see seen-devices.ts). */
function bindToTarget(api: LicenseApi, target: DeviceTarget, answer: DeviceVariable[], path: string): void {
  if (target.deviceId !== undefined) assertDevice(answer, target.deviceId, path);
  const deviceId = answer[0]?.device_id;
  if (deviceId !== undefined) seenDevices(api).note(target.hardwareId, deviceId, path);
}

/** A target in the API's own field names, as a request carries it (and the journal records it). */
export function identityFields(target: DeviceTarget): WireIdentity {
  return {
    product: target.product,
    hardware_id: target.hardwareId,
    ...(target.licenseKey !== undefined ? { license_key: target.licenseKey } : {}),
    ...(target.username !== undefined ? { username: target.username } : {}),
    ...(target.licenseId !== undefined ? { license_id: target.licenseId } : {}),
  };
}

export interface WireIdentity {
  readonly product: string;
  readonly hardware_id: string;
  readonly license_key?: string;
  readonly username?: string;
  readonly license_id?: number;
}

/**
 * Accept both documented shapes ({created_at: ms} and {id, created_at: ISO string}), and entries without a
 * value or date; anything else (no name, no device) is an invalid response, never half-printed. All
 * entries must be of one device.
 */
export function normaliseVariables(body: unknown, path: string): DeviceVariable[] {
  if (!Array.isArray(body)) throw shapeError(path, "expected a JSON array");
  const variables = body.map((item, index) => normaliseOne(item, index, path));
  assertOneDevice(variables, path);
  assertNamesOnce(variables, path);
  return variables.sort((a, b) => compareNames(a.variable, b.variable));
}

function normaliseOne(item: unknown, index: number, path: string): DeviceVariable {
  if (typeof item !== "object" || item === null) throw shapeError(path, `element ${index} is not an object`);
  const { variable, value, device_id, created_at } = item as Record<string, unknown>;
  if (typeof variable !== "string" || variable === "") {
    throw shapeError(path, `element ${index} has no "variable" name`);
  }
  const shown = value ?? "";
  // 1e400 parses to Infinity, which would print as null: not a value the server stores.
  if (
    (typeof shown !== "string" && typeof shown !== "number" && typeof shown !== "boolean") ||
    (typeof shown === "number" && !Number.isFinite(shown))
  ) {
    throw shapeError(path, `"${variable}" has a value that is not a string, number or boolean`);
  }
  const deviceId = typeof device_id === "string" && /^\d+$/.test(device_id) ? Number(device_id) : device_id;
  // A whole number that a double holds exactly: beyond 2^53, two devices' IDs would compare equal.
  if (typeof deviceId !== "number" || !Number.isSafeInteger(deviceId) || deviceId < 0) {
    throw shapeError(path, `"${variable}" has no device_id that is a whole number below 2^53`);
  }
  return {
    variable,
    value: shown,
    device_id: deviceId,
    created_at: created_at == null ? null : toIsoUtc(created_at, variable, path),
  };
}

/** `created_at` arrives as Unix milliseconds (track) or an ISO string (get). */
export function toIsoUtc(createdAt: unknown, variable: string, path: string): string {
  const date =
    typeof createdAt === "number"
      ? new Date(createdAt)
      : typeof createdAt === "string"
        ? new Date(/^\d+$/.test(createdAt) ? Number(createdAt) : assumeUtc(createdAt))
        : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw shapeError(path, `"${variable}" has an unreadable created_at`);
  }
  return date.toISOString();
}

/** An ISO date-time without a zone is taken as UTC, not as this machine's local time. */
function assumeUtc(text: string): string {
  return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)
    ? `${text.replace(" ", "T")}Z`
    : text;
}

function shapeError(path: string, detail: string): CliError {
  return new CliError("network", `The server's answer to ${path} has an unexpected shape: ${detail}.`, {
    code: "invalid_response",
  });
}

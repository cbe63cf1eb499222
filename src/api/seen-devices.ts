import { CliError } from "../core/cli-error.js";
import type { LicenseApi } from "./client.js";

/**
 * Which hardware ID each device_id answered for, in one run. A device_id is one activation of a license on
 * one hardware ID, so two hardware IDs answered by one device_id mean one answer was given for another
 * request (a replay): `vars diff A B` answered twice with B's signed answer would print "No differences".
 * One ledger per License API client, and a client lives for one run: every command that reads or writes
 * more than one device (vars diff, vars copy, fleet runs) is held to it without doing anything itself.
 * The ledger is keyed by the client's clock, not by the client object: a session hands out one wrapper of
 * the client per hardware ID (its advice names that ID), and every wrapper carries the same clock object.
 */
export interface SeenDevices {
  /** Records that `hardwareId` was answered by `deviceId`; refuses (exit 7) a device_id seen for another. */
  note(hardwareId: string, deviceId: number, path: string): void;
}

const ledgers = new WeakMap<object, Map<number, string>>();

/** The ledger of the run that `api` (its License API client, or any wrapper of it) belongs to. */
export function seenDevices(api: Pick<LicenseApi, "clock">): SeenDevices {
  const owner = api.clock;
  let seen = ledgers.get(owner);
  if (!seen) {
    seen = new Map();
    ledgers.set(owner, seen);
  }
  const byDevice = seen;
  return {
    note(hardwareId, deviceId, path) {
      const earlier = byDevice.get(deviceId);
      if (earlier === undefined) byDevice.set(deviceId, hardwareId);
      else if (earlier !== hardwareId) throw oneDeviceTwoHardwareIds(deviceId, earlier, hardwareId, path);
    },
  };
}

function oneDeviceTwoHardwareIds(deviceId: number, first: string, second: string, path: string): CliError {
  return new CliError(
    "verification",
    `The server's answer to ${path} for hardware ID ${JSON.stringify(second)} names device_id ${deviceId}, which ` +
      `already answered for hardware ID ${JSON.stringify(first)} in this run; one device has one hardware ID, so ` +
      "one of the answers was given for another request. Nothing from it is shown or reported as written.",
    { code: "device_answered_twice" },
  );
}

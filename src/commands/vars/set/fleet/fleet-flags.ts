import { usageError } from "../../../../core/cli-error.js";
import type { FleetOptions } from "./fleet-outcomes.js";

/** The fleet flags of `vars set`, as commander parsed them (text). */
export interface FleetFlags {
  readonly devices?: string | undefined;
  readonly allDevices?: boolean | undefined;
  readonly allLicenses?: boolean | undefined;
  readonly rate?: string | undefined;
  readonly concurrency?: string | undefined;
  readonly report?: string | undefined;
  readonly resume?: string | undefined;
  readonly yes?: boolean | undefined;
}

export const DEFAULT_CONCURRENCY = 16;
const MAX_CONCURRENCY = 256;

/**
 * The fleet options, or undefined for a one-device run. Every combination that cannot work is a usage error
 * before anything is read or sent.
 */
export function readFleetFlags(flags: FleetFlags, dryRun: boolean): FleetOptions | undefined {
  const fleet = flags.devices !== undefined || flags.allDevices === true;
  if (!fleet) {
    const stray = (["rate", "concurrency", "report", "resume", "allLicenses"] as const).find(
      (key) => flags[key] !== undefined,
    );
    if (stray) {
      throw usageError(
        `--${stray === "allLicenses" ? "all-licenses" : stray} applies to a run over many devices.`,
        "Add --devices FILE or --all-devices, or drop it.",
      );
    }
    return undefined;
  }
  if (flags.allLicenses === true && flags.allDevices !== true) {
    throw usageError(
      "--all-licenses widens --all-devices to every license of the product.",
      "Add --all-devices, or drop --all-licenses.",
    );
  }
  if (flags.devices !== undefined && flags.allDevices === true) {
    throw usageError("--devices and --all-devices both name the devices.", "Pass one of them.");
  }
  const rate = flags.rate === undefined ? undefined : whole(flags.rate, "--rate", 100_000);
  return {
    devicesFile: flags.devices,
    allLicenses: flags.allLicenses === true,
    rate,
    concurrency:
      flags.concurrency === undefined
        ? defaultConcurrency(rate)
        : whole(flags.concurrency, "--concurrency", MAX_CONCURRENCY),
    report: flags.report,
    resume: flags.resume,
    dryRun,
    yes: flags.yes === true,
  };
}

/**
 * Enough requests in flight to keep up the rate when each takes a quarter of a second (a distant server, a busy
 * machine), and at least DEFAULT_CONCURRENCY.
 */
function defaultConcurrency(rate: number | undefined): number {
  return Math.min(MAX_CONCURRENCY, Math.max(DEFAULT_CONCURRENCY, Math.ceil((rate ?? 0) / 4)));
}

function whole(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) {
    throw usageError(`${flag} must be a whole number from 1 to ${max}, got "${text}".`);
  }
  return value;
}

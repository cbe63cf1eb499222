import { usageError } from "../../../../core/cli-error.js";
import type { FlagValues } from "../../../runtime/verb.js";
import type { CheckedFleetFlags } from "./fleet-outcomes.js";

export const DEFAULT_CONCURRENCY = 16;

/** The flags of a `vars set` run over many devices, declared once (the runtime builds and types them). */
export const MANY_DEVICES_FLAGS = {
  devices: {
    type: "text",
    flags: "--devices <file>",
    help: "set on every device listed in a CSV or JSON-lines file",
  },
  allDevices: {
    type: "boolean",
    flags: "--all-devices",
    help: "set on every active device of the configured license",
  },
  allLicenses: {
    type: "boolean",
    flags: "--all-licenses",
    help: "with --all-devices: every license of the product",
  },
  rate: {
    type: "text",
    flags: "--rate <n>",
    help: "many devices: requests/s (default from --budget-share)",
  },
  concurrency: {
    type: "text",
    flags: "--concurrency <n>",
    help: `many devices: requests in flight (default ${DEFAULT_CONCURRENCY})`,
  },
  report: { type: "text", flags: "--report <file>", help: "many devices: append a JSON line per device" },
  resume: {
    type: "text",
    flags: "--resume <report>",
    help: "many devices: skip those this report says succeeded",
  },
  yes: {
    type: "boolean",
    flags: "-y, --yes",
    help: "many devices: do not ask (needed in CI or off a TTY)",
  },
} as const;

/** The many-devices flags as typed. */
export type FleetFlags = FlagValues<typeof MANY_DEVICES_FLAGS>;
const MAX_CONCURRENCY = 256;

/**
 * The fleet options, or undefined for a one-device run. Every combination that cannot work is a usage error
 * before anything is read or sent.
 */
export function readFleetFlags(flags: FleetFlags, dryRun: boolean): CheckedFleetFlags | undefined {
  const fleet = flags.devices !== undefined || flags.allDevices === true;
  if (!fleet) {
    const stray = (["rate", "concurrency", "report", "resume", "allLicenses"] as const).find((key) =>
      key === "allLicenses" ? flags.allLicenses === true : flags[key] !== undefined,
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

/** A whole number from 1 to `max`, or a usage error naming the flag. */
export function whole(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > max) {
    throw usageError(`${flag} must be a whole number from 1 to ${max}, got "${text}".`);
  }
  return value;
}

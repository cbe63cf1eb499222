import { resolve } from "node:path";
import type { Context } from "../../context.js";
import { usageError } from "../../core/cli-error.js";
import { type FaultRule, parseFaultRule, seededRandom } from "../../emulator/faults.js";
import { withGeneratedFleet } from "../../emulator/generated-seed.js";
import { demoSeed, readSeedFile } from "../../emulator/seed.js";
import type { EmulatorOptions } from "../../emulator/server.js";
import { deriveHardwareId } from "../../hardware-id/derive-hardware-id.js";
import { parseFloodLimitOption } from "./flood-limit-option.js";
import type { EmulatorFlags } from "./verb.js";

/** Enough for a fleet bench, few enough to keep the emulator's memory small. */
const MAX_GENERATED = 100_000;

/** Seed, data file and fault injection from the flags; every bad value is a usage error naming its flag. */
export async function emulatorSettings(
  ctx: Context,
  options: EmulatorFlags,
): Promise<Omit<EmulatorOptions, "port">> {
  const base = options.seed
    ? readSeedFile(resolve(ctx.io.cwd, options.seed))
    : demoSeed(await thisMachine(ctx));
  if (options.licenses !== undefined && options.devices === undefined) {
    throw usageError("--licenses spreads the devices of --devices: pass --devices <n> too.");
  }
  const seed =
    options.devices === undefined
      ? base
      : withGeneratedFleet(base, {
          devices: wholeNumber(options.devices, "--devices", MAX_GENERATED),
          licenses:
            options.licenses === undefined
              ? undefined
              : wholeNumber(options.licenses, "--licenses", MAX_GENERATED),
        });
  const faults: FaultRule[] = (options.fail ?? []).map((text) => {
    try {
      return parseFaultRule(text);
    } catch (error) {
      throw usageError(`--fail ${(error as Error).message}.`);
    }
  });
  const max = Number.MAX_SAFE_INTEGER;
  const floodLimits = parseFloodLimitOption(options.floodLimit);
  return {
    seed,
    faults,
    ...(floodLimits ? { floodLimits } : {}),
    ...(options.data ? { dataFile: resolve(ctx.io.cwd, options.data) } : {}),
    ...(options.latency ? { latencyMs: wholeNumber(options.latency, "--latency", max) } : {}),
    ...(options.faultSeed
      ? { random: seededRandom(wholeNumber(options.faultSeed, "--fault-seed", max)) }
      : {}),
    ...(options.retryAfter
      ? { retryAfterSeconds: wholeNumber(options.retryAfter, "--retry-after", max) }
      : {}),
  };
}

export function wholeNumber(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw usageError(`${flag} must be a whole number from 0 to ${max}, got "${text}".`);
  }
  return value;
}

async function thisMachine(ctx: Context): Promise<string | undefined> {
  try {
    return (await deriveHardwareId("licensespring")).value;
  } catch {
    ctx.out.warn("cannot derive this machine's hardware ID; the demo seed has no device for it.");
    return undefined;
  }
}

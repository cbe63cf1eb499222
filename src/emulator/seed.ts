import type { Stats } from "node:fs";
import { configError } from "../core/cli-error.js";
import { RefusedFile, readRegularFile } from "../core/safe-read.js";
import { checkSeed } from "./seed-check.js";
import type { Seed } from "./state.js";

const DEMO_PRODUCT = "demo";
const DEMO_LICENSE_KEY = "DEMO-7KQ2-M4XP-9TLC";
const DEMO_USERNAME = "demo.user@example.com";
export const OTHER_DEVICE_ID =
  "8F3A-1C22-9B7E-4D05-AA61-3E90-77C4-B218-5F0D-C3E6-1A9B-64D7-E852-0B3F-9C41-D6A0";
export const BLACKLISTED_DEVICE_ID = "b1ac4115ed0000000000000000000000000000000000000000000000000000ff";

/**
 * The built-in demo: one product; a key-based and a user-based license, each activated on this machine
 * (when its ID can be derived) and one more device; one blacklisted device; and a disabled and an
 * inactive license to show those errors.
 */
export function demoSeed(thisMachine: string | undefined): Seed {
  const here = thisMachine ? [{ hardwareId: thisMachine, variables: { region: "eu-west" } }] : [];
  return {
    products: [{ code: DEMO_PRODUCT, name: "Demo App" }],
    licenses: [
      {
        id: 1001,
        product: DEMO_PRODUCT,
        licenseKey: DEMO_LICENSE_KEY,
        devices: [
          ...here,
          { hardwareId: OTHER_DEVICE_ID, variables: { channel: "stable", seats: "3" } },
          { hardwareId: BLACKLISTED_DEVICE_ID, blacklisted: true },
        ],
      },
      {
        id: 1002,
        product: DEMO_PRODUCT,
        username: DEMO_USERNAME,
        devices: [...here, { hardwareId: OTHER_DEVICE_ID }],
      },
      { id: 1003, product: DEMO_PRODUCT, licenseKey: "DEMO-DISABLED-0000", enabled: false },
      { id: 1004, product: DEMO_PRODUCT, licenseKey: "DEMO-INACTIVE-0000", active: false },
    ],
  };
}

/**
 * The most a seed or data file may weigh: 10,000 devices with a few variables each are a few MB. `--seed
 * /dev/zero` grew the process to 16.8 GB before the file was judged.
 */
export const MAX_SEED_BYTES = 64 * 1024 * 1024;

/**
 * A `--data` file holds every credential and the signing key, and the emulator writes it back: it must be
 * the user's own, and nobody else may write to it. Undefined `uid` (Windows): owners and modes do not apply.
 */
export function dataFileRefusal(stats: Stats, uid: number | undefined): string | undefined {
  if (uid === undefined) return undefined;
  if (stats.uid !== uid) return `it is owned by uid ${stats.uid}, not you (uid ${uid})`;
  if ((stats.mode & 0o022) !== 0) {
    return `group or others may write to it (mode ${(stats.mode & 0o777).toString(8).padStart(4, "0")})`;
  }
  return undefined;
}

/**
 * Read and check a seed file (or a `--data` file: the same format), judged before it is read (a regular
 * file of at most MAX_SEED_BYTES; a data file the user's own): every problem names the file and place.
 */
export function readSeedFile(path: string, kind: "Seed" | "Data" = "Seed"): Seed {
  let data: unknown;
  try {
    const uid = process.getuid?.();
    const judge = kind === "Data" ? (stats: Stats) => dataFileRefusal(stats, uid) : undefined;
    data = JSON.parse(
      readRegularFile(path, { maxBytes: MAX_SEED_BYTES, ...(judge ? { judge } : {}) }).toString("utf8"),
    );
  } catch (error) {
    if (error instanceof RefusedFile) {
      throw configError(
        `${kind} file ${path} was not read: ${error.reason}.`,
        kind === "Seed"
          ? "Pass a regular JSON seed file of your own (see README: Emulator)."
          : "Pass a data file of your own, not writable by others (chmod 600), or another --data path.",
        "refused_file",
      );
    }
    const reason = (error as NodeJS.ErrnoException).code ?? "not valid JSON";
    throw configError(
      `${kind} file ${path} cannot be read (${reason}).`,
      kind === "Seed"
        ? "Pass a JSON seed file (see README: Emulator)."
        : "Fix the file, or move it away to start again from the seed.",
    );
  }
  return checkSeed(data, `${kind} file ${path}`);
}

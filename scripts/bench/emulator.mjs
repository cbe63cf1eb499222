// The bench's License API: licensectl's own emulator on 127.0.0.1, seeded with the device whose hardware ID is
// derived from this machine, holding 20 variables (the `vars list` rows read it), and one empty device per
// side of the `vars set` row (SET_DEVICES), so no write lands on the device a list row reads.
import { execFileSync, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const credentials = { apiKey: "bench-api-key", sharedKey: "bench-shared-key-0123456789" };

/** The hardware IDs the `vars set` row writes to: one for licensectl, one for the floor, one for curl. */
export const SET_DEVICES = {
  licensectl: "bench-set-licensectl",
  floor: "bench-set-floor",
  curl: "bench-set-curl",
};

/**
 * Starts the emulator (on the machine's Node); `hardwareIds` are the devices to seed (the floor's derived
 * ID, and licensectl's if it differs). Returns the LICENSECTL_* environment for a run and a stop function.
 */
export async function startEmulator({ bin, dir, hardwareIds }) {
  const variables = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`var${i}`, `value ${i}`]));
  const seed = {
    apiKeys: [credentials],
    products: [{ code: "bench" }],
    licenses: [
      {
        product: "bench",
        licenseKey: "BENCH-KEY",
        devices: [
          ...[...new Set(hardwareIds)].map((hardwareId) => ({ hardwareId, variables })),
          ...Object.values(SET_DEVICES).map((hardwareId) => ({ hardwareId, variables: {} })),
        ],
      },
    ],
  };
  writeFileSync(join(dir, "seed.json"), JSON.stringify(seed));
  // --flood-limit off: these pairs measure one request at a time, not the API's flood limits (see fleet.mjs).
  const { emulator, announced } = await spawnEmulator(
    bin,
    ["--seed", join(dir, "seed.json"), "--flood-limit", "off"],
    { PATH: process.env.PATH, HOME: dir, LICENSECTL_NO_CODE_CACHE: "1" },
  );
  const env = {
    LICENSECTL_API_URL: announced.apiUrl,
    LICENSECTL_API_KEY: credentials.apiKey,
    LICENSECTL_SHARED_KEY: credentials.sharedKey,
    LICENSECTL_PUBLIC_KEY: announced.config.publicKey,
    LICENSECTL_PRODUCT: "bench",
    LICENSECTL_LICENSE_KEY: "BENCH-KEY",
  };
  return { env, stop: () => emulator.kill("SIGINT") };
}

/** The hardware ID licensectl derives on this machine (`device id --json`), with the given Node. */
export function licensectlHardwareId(node, bin, env) {
  const out = execFileSync(node, [bin, "device", "id", "--json"], { env, encoding: "utf8" });
  return JSON.parse(out).hardware_id;
}

/**
 * `licensectl emulator --json ARGS` as a process of its own; resolves once it announced itself (its first line:
 * the address, config and credentials) with the process and that announcement.
 */
export async function spawnEmulator(bin, args, env) {
  const emulator = spawn(process.execPath, [bin, "emulator", "--json", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
    ...(env ? { env } : {}),
  });
  const announced = await new Promise((resolve, reject) => {
    let out = "";
    emulator.stdout.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]));
    });
    emulator.once("exit", (code) => reject(new Error(`emulator exited (${code})`)));
  });
  return { emulator, announced };
}

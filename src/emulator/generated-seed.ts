import { createHash } from "node:crypto";
import type { Seed, SeedDevice, SeedLicense } from "./state.js";

/** Devices per generated license when `--licenses` is not given. */
const DEVICES_PER_LICENSE = 10;
const FIRST_LICENSE_ID = 5001;
const FIRST_DEVICE_ID = 1_700_000_000_000_000;
/** A fixed start for last_check, so two runs generate the same data. */
const LAST_CHECK_BASE = Date.UTC(2026, 0, 1);

export interface GeneratedFleet {
  /** How many devices to generate (`emulator --devices N`). */
  readonly devices: number;
  /** Over how many licenses (`--licenses M`); default one per ten devices. */
  readonly licenses?: number | undefined;
}

/** The generated license keys and hardware IDs, so tests and benches can name them without reading state. */
export function generatedLicenseKey(index: number): string {
  return `FLEET-${String(index + 1).padStart(5, "0")}`;
}

export function generatedHardwareId(index: number): string {
  return createHash("sha256")
    .update(`licensectl-emulator-device-${index + 1}`)
    .digest("hex");
}

/**
 * `seed` plus `devices` generated devices spread round-robin over generated key-based licenses of the seed's
 * first product: the same data every run (IDs, keys, hardware IDs, details and one variable per device).
 */
export function withGeneratedFleet(seed: Seed, fleet: GeneratedFleet): Seed {
  const product = seed.products[0]?.code ?? "demo";
  const count = Math.max(1, fleet.licenses ?? Math.ceil(fleet.devices / DEVICES_PER_LICENSE));
  const licenses: SeedLicense[] = Array.from({ length: count }, (_, index) => ({
    id: FIRST_LICENSE_ID + index,
    product,
    licenseKey: generatedLicenseKey(index),
    devices: [] as SeedDevice[],
  }));
  for (let index = 0; index < fleet.devices; index++) {
    licenses[index % count]?.devices?.push(generatedDevice(index));
  }
  return {
    ...seed,
    products: seed.products.length > 0 ? seed.products : [{ code: product }],
    licenses: [...seed.licenses, ...licenses],
  };
}

function generatedDevice(index: number): SeedDevice {
  const number = String(index + 1).padStart(5, "0");
  return {
    id: FIRST_DEVICE_ID + index + 1,
    hardwareId: generatedHardwareId(index),
    os: ["linux", "windows", "macos"][index % 3] ?? "linux",
    hostname: `host-${number}`,
    appVer: `1.${index % 4}.0`,
    lastCheck: LAST_CHECK_BASE + index * 60_000,
    variables: { slot: String(index + 1) },
  };
}

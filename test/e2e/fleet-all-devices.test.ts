import { describe, expect, it } from "vitest";
import { runRecorded } from "../helpers/cli.js";
import {
  apiKeyEnv,
  BLACKLISTED_HWID,
  managementEnv,
  PRODUCT,
  startTestEmulator,
  testSeed,
  USERNAME,
} from "../helpers/emulator.js";
import { tracks } from "../helpers/fleet.js";

const FLEET_KEY = "FLEET-KEY-0001";

/** The test seed plus license 2001 with 12 active devices and one deactivated. */
function seed() {
  const base = testSeed();
  base.licenses.push({
    id: 2001,
    product: PRODUCT,
    licenseKey: FLEET_KEY,
    devices: [
      ...Array.from({ length: 12 }, (_, i) => ({ id: 7_000 + i, hardwareId: `hw-all-${i}` })),
      { id: 7_100, hardwareId: "hw-all-deactivated", active: false },
    ],
  });
  return base;
}

const sentTo = (requests: Parameters<typeof tracks>[0]) =>
  tracks(requests).map((r) => r.body as Record<string, unknown>);

describe("vars set --all-devices", () => {
  it("sets every active device of the configured license, found through the Management API", async () => {
    const emulator = await startTestEmulator({ seed: seed() });
    const env = { ...apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: FLEET_KEY }), ...managementEnv(emulator) };
    const run = await runRecorded(emulator, ["vars", "set", "--yes", "ring=canary", "--all-devices"], {
      env,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("12 active devices on the license key");
    const bodies = sentTo(run.requests);
    expect(bodies.map((b) => b.hardware_id).sort()).toEqual(
      Array.from({ length: 12 }, (_, i) => `hw-all-${i}`).sort(),
    );
    for (const body of bodies)
      expect(body).toMatchObject({ product: PRODUCT, license_key: FLEET_KEY, license_id: 2001 });
  });

  it("without a configured license, names each device of the product by its own license key or user", async () => {
    const emulator = await startTestEmulator({ seed: seed() });
    const env = { ...apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "" }), ...managementEnv(emulator) };
    const run = await runRecorded(
      emulator,
      ["--json", "vars", "set", "--yes", "ring=canary", "--all-devices"],
      {
        env,
      },
    );
    const bodies = sentTo(run.requests);
    // Every active device but the blacklisted one of license 1001, which the License API would refuse.
    expect(bodies).toHaveLength(12 + 3);
    expect(bodies).toContainEqual(expect.objectContaining({ username: USERNAME, license_id: 1002 }));
    expect(bodies).toContainEqual(
      expect.objectContaining({ hardware_id: "hw-all-3", license_key: FLEET_KEY }),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ succeeded: 15, failed: 0 });
    expect(bodies).not.toContainEqual(expect.objectContaining({ hardware_id: BLACKLISTED_HWID }));
  });

  it("lists the devices on --dry-run and sends nothing to the License API", async () => {
    const emulator = await startTestEmulator({ seed: seed() });
    const env = { ...apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: FLEET_KEY }), ...managementEnv(emulator) };
    const run = await runRecorded(
      emulator,
      ["--json", "vars", "set", "--yes", "ring=canary", "--all-devices", "--dry-run"],
      { env },
    );
    expect(run.code).toBe(0);
    expect(run.requests.filter((r) => r.path.startsWith("/api/v4"))).toEqual([]);
    const lines = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { target: { hardware_id: string } });
    expect(lines).toHaveLength(12);
    expect(lines[0]).toMatchObject({ target: { license_id: 2001 }, variables: { ring: "canary" } });
  });

  it("says the scope in the plan: the configured license's devices, or every license with --all-licenses", async () => {
    const emulator = await startTestEmulator({ seed: seed() });
    const env = { ...apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: FLEET_KEY }), ...managementEnv(emulator) };
    const one = await runRecorded(emulator, ["vars", "set", "ring=canary", "--all-devices", "--dry-run"], {
      env,
    });
    expect(one.stderr).toContain(`Plan: set ring="canary" on 12 devices: the license key "${FLEET_KEY}"`);
    const every = await runRecorded(
      emulator,
      ["vars", "set", "ring=canary", "--all-devices", "--all-licenses", "--dry-run"],
      { env },
    );
    expect(every.code).toBe(0);
    expect(every.stderr).toMatch(/Plan: set ring="canary" on \d+ devices: every license of product "demo"/);
    const stray = await runRecorded(emulator, ["vars", "set", "ring=canary", "--all-licenses"], { env });
    expect(stray.code).toBe(2);
    expect(stray.requests).toEqual([]);
  });

  it.each(["product_short_code", "id_only"] as const)(
    "recognises the product in license items shaped %s (by ID, through product_details, asked once)",
    async (shape) => {
      const emulator = await startTestEmulator({ seed: seed(), licenseProductShape: shape });
      const env = { ...apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "" }), ...managementEnv(emulator) };
      const run = await runRecorded(
        emulator,
        ["--json", "vars", "set", "--yes", "--no-journal", "ring=canary", "--all-devices", "--rate", "1000"],
        { env },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ failed: 0 });
      const asked = run.requests.filter((r) => r.path.endsWith("/product_details"));
      expect(asked).toHaveLength(shape === "id_only" ? 1 : 0);
    },
  );
});

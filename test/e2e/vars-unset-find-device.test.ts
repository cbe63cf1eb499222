import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded } from "../helpers/cli.js";
import {
  HWID,
  LICENSE_KEY,
  managementEnv,
  PRODUCT,
  startTestEmulator,
  USERNAME,
} from "../helpers/emulator.js";
import { startLyingManagement } from "../helpers/lying-management.js";

// HWID is activated on two licenses: 1001 (LICENSE_KEY; region, 9, 10) and 1002 (USERNAME; plan).
let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

const unset = (args: string[], extra: Record<string, string>) =>
  runRecorded(emulator, ["vars", "unset", ...args, "--yes", "--json"], {
    env: managementEnv(emulator, { LICENSECTL_PRODUCT: PRODUCT, ...extra }),
  });

describe("vars unset finds the device from the configured license", () => {
  it("finds the device of the license key's license, not asking for a license ID", async () => {
    const result = await unset(["region"], { LICENSECTL_LICENSE_KEY: LICENSE_KEY });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([{ variable: "region", value: "eu-west" }]);
    expect(result.requests.slice(0, 2).map((r) => [r.path, r.query])).toEqual([
      ["/api/v1/licenses/", { license_key: LICENSE_KEY, product_short_code: PRODUCT }],
      ["/api/v1/devices/", { hardware_id: HWID, license: "1001" }],
    ]);
  });

  it("finds the device of the username's license", async () => {
    const result = await unset(["plan"], { LICENSECTL_USERNAME: USERNAME });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject([{ variable: "plan", value: "team" }]);
    expect(result.requests.find((r) => r.method === "DELETE")).toBeDefined();
  });

  it("says no license has the key (exit 5) and deletes nothing", async () => {
    const result = await unset(["plan"], { LICENSECTL_LICENSE_KEY: "NO-SUCH-KEY" });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr)).toMatchObject({ code: "license_not_found" });
    expect(errorOf(result.stderr).message).toContain(
      'license key "NO-SUCH-KEY" (env LICENSECTL_LICENSE_KEY)',
    );
    expect(result.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("lists every match with its license and says to pick one with --license-id", async () => {
    const result = await unset(["plan"], {});
    expect(result.code).toBe(5);
    const error = errorOf(result.stderr);
    expect(error).toMatchObject({ code: "ambiguous_device" });
    expect(error.message).toContain(`device 1698663677416479 (license 1001, hardware ID ${HWID})`);
    expect(error.message).toContain(`device 1698663677416500 (license 1002, hardware ID ${HWID})`);
    expect(error.hint).toContain("--license-id <id>");
  });

  it("refuses a device listing holding another license's device, and sends no DELETE", async () => {
    const lying = await startLyingManagement({
      licenses: [{ id: 1001, license_key: LICENSE_KEY, product: { short_code: PRODUCT } }],
      devices: [{ id: 5, hardware_id: HWID, license: { id: 1002 } }],
      "device-variables": [{ id: 1, variable: "plan", value: "team", device: 5 }],
    });
    const result = await unset(["plan"], {
      LICENSECTL_LICENSE_KEY: LICENSE_KEY,
      LICENSECTL_MANAGEMENT_URL: lying.url,
    });
    expect(result.code).toBe(7);
    expect(errorOf(result.stderr)).toMatchObject({ code: "listing_mismatch" });
    expect(lying.seen.filter((line) => line.startsWith("DELETE"))).toEqual([]);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { generatedHardwareId, withGeneratedFleet } from "../../src/emulator/generated-seed.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded } from "../helpers/cli.js";
import {
  HWID,
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  PRODUCT,
  startTestEmulator,
  testSeed,
  USERNAME,
} from "../helpers/emulator.js";
import { startLyingManagement } from "../helpers/lying-management.js";

const DETAILED = 1698663677416490;
let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = withGeneratedFleet(testSeed(), { devices: 250, licenses: 2 });
  seed.licenses[0]?.devices?.push({
    id: DETAILED,
    hardwareId: "hw-0300-detailed",
    os: "linux",
    hostname: "build-7",
    appVer: "2.1.0",
    lastCheck: Date.UTC(2026, 10, 30, 12),
    variables: { a: "1", b: "2" },
  });
  emulator = await startTestEmulator({ seed });
});

/** Only the Management API settings and what the test adds: no License API credentials at all. */
const list = (args: string[], env: Record<string, string> = {}) =>
  runRecorded(emulator, ["devices", "list", ...args], {
    env: {
      LICENSECTL_MANAGEMENT_URL: emulator.managementUrl,
      LICENSECTL_MANAGEMENT_API_KEY: MANAGEMENT_API_KEY,
      LICENSECTL_PRODUCT: PRODUCT,
      ...env,
    },
  });
type Row = Record<string, unknown>;
const rows = (stdout: string) => JSON.parse(stdout) as Row[];
const ids = (stdout: string) => rows(stdout).map((r) => r.device_id);

describe("devices list", () => {
  it("lists the devices of the license named by its key, looked up within the product", async () => {
    const result = await list(["--json"], { LICENSECTL_LICENSE_KEY: LICENSE_KEY });
    expect(result.code).toBe(0);
    expect(ids(result.stdout)).toEqual([1698663677416479, 1698663677416480, 1698663677416481, DETAILED]);
    expect(result.requests.map((r) => [r.path, r.query])).toEqual([
      ["/api/v1/licenses/", { license_key: LICENSE_KEY, product_short_code: PRODUCT }],
      ["/api/v1/devices/", { license: "1001", limit: "100" }],
    ]);
  });

  it("finds a user-based license by its user's e-mail, and takes a license ID as it is", async () => {
    const byUser = await list(["--json"], { LICENSECTL_USERNAME: USERNAME.toUpperCase() });
    expect(ids(byUser.stdout)).toEqual([1698663677416500]);
    expect(byUser.requests[0]?.query).toMatchObject({ license_users__true_email: USERNAME.toUpperCase() });
    const byId = await list(["--json", "--license-id", "1002"]);
    expect(ids(byId.stdout)).toEqual([1698663677416500]);
    expect(byId.requests.map((r) => r.path)).toEqual(["/api/v1/devices/"]);
  });

  it("prints each device's details, license and variable count in JSON", async () => {
    const result = await list(["--json", "--license-id", "1001"]);
    expect(rows(result.stdout).find((r) => r.device_id === DETAILED)).toEqual({
      device_id: DETAILED,
      hardware_id: "hw-0300-detailed",
      license_id: 1001,
      license_key: LICENSE_KEY,
      active: true,
      last_check: "2026-11-30T12:00:00.000Z",
      os: "linux",
      hostname: "build-7",
      app_ver: "2.1.0",
      variable_count: 2,
    });
  });

  it("lists every license of the product with --all-licenses, following pages of 100", async () => {
    const result = await list(["--json", "--all-licenses"], { LICENSECTL_LICENSE_KEY: LICENSE_KEY });
    expect(result.code).toBe(0);
    expect(rows(result.stdout)).toHaveLength(3 + 1 + 1 + 250);
    const fleet = result.requests.filter((r) => r.query.license === "5001");
    expect(fleet.map((r) => r.query.offset)).toEqual([undefined, "100"]);
    expect(rows(result.stdout).some((r) => r.hardware_id === generatedHardwareId(249))).toBe(true);
  });

  it("lists a hardware ID typed as --hardware-id on every license, and ignores one from env", async () => {
    const typed = await list(["--json", "--hardware-id", HWID]);
    expect(rows(typed.stdout).map((r) => r.license_id)).toEqual([1001, 1002]);
    const fromEnv = await list(["--json", "--license-id", "1002"], { LICENSECTL_HARDWARE_ID: "hw-none" });
    expect(ids(fromEnv.stdout)).toEqual([1698663677416500]);
  });

  it("prints a table (its caption only on a terminal or with --debug) and header-less TSV rows for scripts", async () => {
    const table = await list(["--license-id", "1001", "--debug"]);
    expect(table.stdout).toMatch(/^DEVICE ID +HARDWARE ID/);
    expect(table.stderr).toContain("4 devices on the license ID 1001 (flag --license-id)");
    expect(table.stdout).toContain("linux · build-7 · 2.1.0");
    const tsv = await list(["-o", "tsv", "--license-id", "1002"]);
    expect(tsv.stdout).toBe(`1698663677416500\t${HWID}\t1002\t\ttrue\t\t\t\t\t1\n`);
  });

  it("says on stderr that a license has no devices, and prints [] with --json", async () => {
    const result = await list(["--json", "--license-id", "1003"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("[]\n");
    expect(result.stderr).toContain("No devices on the license ID 1003");
  });

  it("needs something to list: a license, a product or a hardware ID (exit 3)", async () => {
    const result = await list(["--json"], { LICENSECTL_PRODUCT: "" });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "missing_license" });
  });

  it("refuses a listing holding another license's device (a filter the server ignored), printing nothing", async () => {
    const lying = await startLyingManagement({
      licenses: [],
      "device-variables": [],
      devices: [
        { id: 1, hardware_id: "a", license: { id: 1001 } },
        { id: 2, hardware_id: "b", license: { id: 2002 } },
      ],
    });
    const result = await list(["--json", "--license-id", "1001"], { LICENSECTL_MANAGEMENT_URL: lying.url });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ kind: "verification", code: "listing_mismatch" });
    expect(errorOf(result.stderr).message).toContain("listed device 2 (hardware ID b, license 2002)");
  });

  it("refuses a license listing holding another key, before listing any device", async () => {
    const lying = await startLyingManagement({
      licenses: [{ id: 9, license_key: "SOMEONE-ELSE", product: { short_code: PRODUCT } }],
      devices: [],
      "device-variables": [],
    });
    const result = await list(["--json"], {
      LICENSECTL_LICENSE_KEY: LICENSE_KEY,
      LICENSECTL_MANAGEMENT_URL: lying.url,
    });
    expect(result.code).toBe(7);
    expect(lying.seen.filter((line) => line.includes("/devices/"))).toEqual([]);
  });

  it("stops with listing_too_long when the server counts more devices than licensectl lists", async () => {
    const lying = await startLyingManagement({ licenses: [], devices: [], "device-variables": [] }, 20_000);
    const result = await list(["--json", "--license-id", "1001"], { LICENSECTL_MANAGEMENT_URL: lying.url });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr)).toMatchObject({ code: "listing_too_long" });
    expect(lying.seen).toHaveLength(1);
  });
});

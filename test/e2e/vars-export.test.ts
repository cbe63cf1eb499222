import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded } from "../helpers/cli.js";
import {
  HWID,
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  PRODUCT,
  startTestEmulator,
  testSeed,
} from "../helpers/emulator.js";
import { startLyingManagement } from "../helpers/lying-management.js";

const QUOTED = "hw-0600-quoted";
let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push({
    id: 1698663677416601,
    hardwareId: QUOTED,
    variables: { note: 'a "b", c\nd' },
  });
  emulator = await startTestEmulator({ seed });
});

const exportVars = (args: string[], env: Record<string, string> = {}) =>
  runRecorded(emulator, ["vars", "export", ...args], {
    env: {
      LICENSECTL_MANAGEMENT_URL: emulator.managementUrl,
      LICENSECTL_MANAGEMENT_API_KEY: MANAGEMENT_API_KEY,
      LICENSECTL_PRODUCT: PRODUCT,
      LICENSECTL_LICENSE_KEY: LICENSE_KEY,
      ...env,
    },
  });

describe("vars export", () => {
  it("prints one JSON line per device of the license, variables sorted by name as vars list sorts them (not as JSON orders numbers)", async () => {
    const result = await exportVars([]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\n")).toEqual([
      `{"device_id":1698663677416479,"hardware_id":"${HWID}","license_id":1001,"variables":{"10":"ten","9":"nine","region":"eu-west"}}`,
      `{"device_id":1698663677416480,"hardware_id":"hw-0002-empty","license_id":1001,"variables":{}}`,
      `{"device_id":1698663677416481,"hardware_id":"hw-0666-blacklisted","license_id":1001,"variables":{}}`,
      `{"device_id":1698663677416601,"hardware_id":"${QUOTED}","license_id":1001,"variables":{"note":"a \\"b\\", c\\nd"}}`,
      "",
    ]);
    expect(result.requests.map((r) => r.path)).toEqual(["/api/v1/licenses/", "/api/v1/devices/"]);
  });

  it("prints CSV with a header and one quoted row per variable on request", async () => {
    const result = await exportVars(["--format", "csv"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        "device_id,hardware_id,license_id,variable,value",
        `1698663677416479,${HWID},1001,10,ten`,
        `1698663677416479,${HWID},1001,9,nine`,
        `1698663677416479,${HWID},1001,region,eu-west`,
        `1698663677416601,${QUOTED},1001,note,"a ""b"", c\nd"`,
        "",
      ].join("\n"),
    );
  });

  it("exports every license of the product with --all-licenses", async () => {
    const result = await exportVars(["--all-licenses"]);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { license_id: number });
    expect(lines.map((l) => l.license_id)).toEqual([1001, 1001, 1001, 1001, 1002]);
  });

  it("refuses a listing whose device_variables belong to another device, printing nothing", async () => {
    const lying = await startLyingManagement({
      licenses: [],
      "device-variables": [],
      devices: [
        {
          id: 1,
          hardware_id: "a",
          license: { id: 1001 },
          device_variables: [{ id: 9, variable: "x", value: "y", device: 2 }],
        },
      ],
    });
    const result = await exportVars(["--json", "--license-id", "1001"], {
      LICENSECTL_MANAGEMENT_URL: lying.url,
    });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ code: "unfiltered_listing" });
  });

  it("asks for a device's variables when the listing leaves them out", async () => {
    const lying = await startLyingManagement({
      licenses: [],
      devices: [{ id: 1, hardware_id: "a", license: { id: 1001 } }],
      "device-variables": [{ id: 9, variable: "x", value: "y", device: 1 }],
    });
    const result = await exportVars(["--license-id", "1001"], { LICENSECTL_MANAGEMENT_URL: lying.url });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('{"device_id":1,"hardware_id":"a","license_id":1001,"variables":{"x":"y"}}\n');
    expect(lying.seen.some((line) => line.startsWith("GET /api/v1/device-variables/?device=1"))).toBe(true);
  });
});

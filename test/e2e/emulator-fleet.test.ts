import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  generatedHardwareId,
  generatedLicenseKey,
  withGeneratedFleet,
} from "../../src/emulator/generated-seed.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import { MANAGEMENT_API_KEY, startTestEmulator, testSeed } from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator({ seed: withGeneratedFleet(testSeed(), { devices: 45, licenses: 4 }) });
});

async function get(path: string, key = MANAGEMENT_API_KEY) {
  const response = await fetch(`${emulator.managementUrl}/${path}`, {
    headers: { Authorization: `Api-Key ${key}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const results = (body: Record<string, unknown>) => body.results as Array<Record<string, unknown>>;

describe("emulator Management API listings", () => {
  it("lists licenses by each exact filter, and everything for a filter name it does not know", async () => {
    const byKey = await get(`licenses/?license_key=${generatedLicenseKey(2)}`);
    expect(results(byKey.body).map((l) => l.id)).toEqual([5003]);
    const byEmail = await get("licenses/?license_users__true_email=CI%2Btester@example.com");
    expect(results(byEmail.body).map((l) => l.id)).toEqual([1002]);
    const inactive = await get("licenses/?active=false");
    expect(results(inactive.body).map((l) => l.id)).toEqual([1004]);
    const byProduct = await get("licenses/?product_short_code=demo&limit=100");
    expect(byProduct.body.count).toBe(8);
    const ignored = await get("licenses/?no_such_filter=1&limit=100");
    expect(ignored.body.count).toBe(8);
    expect((await get("licenses/", "wrong")).status).toBe(401);
  });

  it("pages devices with limit and offset (at most 100), with next and previous links", async () => {
    const first = await get("devices/?limit=5");
    expect(first.body.count).toBe(4 + 45);
    expect(results(first.body)).toHaveLength(5);
    expect(first.body.previous).toBeNull();
    expect(first.body.next).toBe(`${emulator.managementUrl}/devices/?limit=5&offset=5`);
    const last = await get("devices/?limit=5&offset=45");
    expect(results(last.body)).toHaveLength(4);
    expect(last.body.next).toBeNull();
    expect(last.body.previous).toBe(`${emulator.managementUrl}/devices/?limit=5&offset=40`);
    expect(results((await get("devices/?limit=1000")).body)).toHaveLength(49);
  });

  it("gives each device its details and license, and spreads generated devices round-robin", async () => {
    const { body } = await get(`devices/?hardware_id=${generatedHardwareId(5)}`);
    expect(results(body)).toEqual([
      {
        id: 1_700_000_000_000_006,
        hardware_id: generatedHardwareId(5),
        device_active: true,
        blacklisted: false,
        os: "macos",
        hostname: "host-00006",
        app_ver: "1.1.0",
        last_check: "2026-01-01T00:05:00.000Z",
        license: { id: 5002, license_key: generatedLicenseKey(1) },
        device_variables: [
          expect.objectContaining({ variable: "slot", value: "6", device: 1_700_000_000_000_006 }),
        ],
      },
    ]);
    const perLicense = await Promise.all([5001, 5002, 5003, 5004].map((id) => get(`devices/?license=${id}`)));
    expect(perLicense.map((page) => page.body.count)).toEqual([12, 11, 11, 11]);
  });
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

describe("licensectl emulator --devices", () => {
  it("seeds the same N devices every run, listable with devices list", async () => {
    const home = tempHome();
    const config = join(home, "emulator.json");
    const child = spawn(
      process.execPath,
      [BIN, "emulator", "--devices", "30", "--licenses", "3", "--write-config", config],
      {
        cwd: home,
        env: { PATH: process.env.PATH, NO_COLOR: "1", HOME: home },
      },
    );
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once("data", () => resolve());
      child.on("exit", (code) => reject(new Error(`emulator exited early with ${code}`)));
    });
    const listed = await runCli([
      "--config",
      config,
      "devices",
      "list",
      "--json",
      "--license-key",
      generatedLicenseKey(2),
    ]);
    expect(listed.code).toBe(0);
    const devices = JSON.parse(listed.stdout) as Array<{ hardware_id: string; license_key: string }>;
    expect(devices).toHaveLength(10);
    expect(devices[0]).toMatchObject({ hardware_id: generatedHardwareId(2), license_key: "FLEET-00003" });
  });

  it("refuses --licenses without --devices, and a --devices that is not a whole number (exit 2)", async () => {
    expect((await runCli(["emulator", "--licenses", "3"])).code).toBe(2);
    expect((await runCli(["emulator", "--devices", "many"])).code).toBe(2);
  });
});

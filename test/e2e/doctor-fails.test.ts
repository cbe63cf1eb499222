import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import {
  apiKeyEnv,
  EMPTY_HWID,
  HWID,
  LICENSE_KEY,
  oauthEnv,
  signedRequest,
  startTestEmulator,
  USERNAME,
} from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

interface Check {
  name: string;
  status: string;
  detail: string;
  fix: string | null;
}

async function doctor(env: Record<string, string>) {
  const result = await runCli(["doctor", "--json"], { env });
  const checks = (JSON.parse(result.stdout) as { checks: Check[] }).checks;
  return { code: result.code, check: (name: string) => checks.find((c) => c.name === name) };
}

/** What vars list does with the same setup: doctor must exit with its code. */
const varsListCode = async (env: Record<string, string>) => (await runCli(["vars", "list"], { env })).code;

describe("doctor fails, with the exit code vars list would have, whenever vars list would fail", () => {
  it.each([
    ["no product", { LICENSECTL_PRODUCT: "" }, "product and license", 3],
    ["no license", { LICENSECTL_LICENSE_KEY: "" }, "product and license", 3],
    ["an unknown product", { LICENSECTL_PRODUCT: "nope" }, "device found", 5],
    ["an unknown license", { LICENSECTL_LICENSE_KEY: "TEST-NOPE" }, "device found", 5],
    ["a disabled license", { LICENSECTL_LICENSE_KEY: "TEST-DISABLED" }, "device found", 5],
    ["no device for this hardware ID", { LICENSECTL_HARDWARE_ID: "hw-unknown" }, "device found", 5],
  ])("%s", async (_case, extra, failing, code) => {
    const env = apiKeyEnv(emulator, extra);
    const report = await doctor(env);
    expect(report.check(failing)?.status).toBe("fail");
    expect(report.code).toBe(code);
    expect(await varsListCode(env)).toBe(code);
  });

  it("names the licenses this hardware ID is activated on when the configured one is not among them", async () => {
    const report = await doctor(
      apiKeyEnv(emulator, {
        LICENSECTL_LICENSE_KEY: "",
        LICENSECTL_USERNAME: USERNAME,
        LICENSECTL_HARDWARE_ID: EMPTY_HWID,
      }),
    );
    expect(report.check("device found")?.status).toBe("fail");
    expect(report.check("licenses of this device")).toMatchObject({
      status: "warn",
      detail: `activated on license 1001, product demo, key ${LICENSE_KEY}, not on the configured license`,
    });
  });

  it.each([
    ["an unknown license key", "TEST-NOPE"],
    ["a disabled license", "TEST-DISABLED"],
  ])(
    "warns, for %s, that the device is not on the configured license and says which to configure",
    async (_case, key) => {
      const env = apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: key });
      const report = await doctor(env);
      // A key-based license has no user: its absence must not match the configured key's absent user.
      expect(report.check("licenses of this device")).toMatchObject({
        status: "warn",
        detail: expect.stringContaining("not on the configured license"),
      });
      const fix = report.check("licenses of this device")?.fix ?? "";
      expect(fix).toContain(`--license-key ${LICENSE_KEY} (license 1001)`);
      expect(fix).toContain(`--username ${USERNAME} (license 1002)`);
      expect(fix).not.toContain(key);
      expect(report.code).toBe(await varsListCode(env));
    },
  );

  it("passes the licenses check only on the configured license ID, naming the one to configure", async () => {
    const report = await doctor(apiKeyEnv(emulator, { LICENSECTL_LICENSE_ID: "1002" }));
    expect(report.check("licenses of this device")?.status).toBe("warn");
    expect(report.check("licenses of this device")?.fix).toContain(
      `--license-key ${LICENSE_KEY} --license-id 1001 (license 1001)`,
    );
  });

  it("says a hardware ID is activated on no license at all", async () => {
    const report = await doctor(apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "hw-unknown" }));
    expect(report.check("licenses of this device")?.detail).toBe(
      "hardware ID hw-unknown is activated on no license",
    );
  });

  it("lists every license of this hardware ID with OAuth credentials too, and passes", async () => {
    const report = await doctor(oauthEnv(emulator));
    expect(report.code).toBe(0);
    expect(report.check("licenses of this device")).toMatchObject({
      status: "ok",
      detail: `activated on license 1001, product demo, key ${LICENSE_KEY}; license 1002, product demo, user ${USERNAME}`,
    });
  });
});

describe("emulator: GET /api/v4/device_licenses", () => {
  it("answers the licenses a hardware ID is activated on, signed like every License API answer", async () => {
    const response = await signedRequest(emulator, "device_licenses", { query: { hardware_id: HWID } });
    expect(response.status).toBe(200);
    expect(response.headers.get("licensesignature")).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const body = (await response.json()) as Array<Record<string, unknown>>;
    expect(body.map((l) => l.id)).toEqual([1001, 1002]);
    expect(body[0]).toMatchObject({ license_key: LICENSE_KEY, product_details: { short_code: "demo" } });
  });

  it("refuses a request without hardware_id, and one without credentials", async () => {
    const missing = await signedRequest(emulator, "device_licenses");
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: "missing_parameters" });
    const unsigned = await fetch(`${emulator.apiUrl}/device_licenses?hardware_id=${HWID}`);
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
  });
});

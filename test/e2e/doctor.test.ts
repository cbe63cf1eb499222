import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import { API_KEY, apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

interface Report {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; fix: string | null }>;
}
const statuses = (report: Report) => Object.fromEntries(report.checks.map((c) => [c.name, c.status]));
const CHECK_ORDER = [
  "config",
  "credentials",
  "product and license",
  "hardware ID",
  "API reachable",
  "clock",
  "credentials accepted",
  "response signature",
  "device found",
  "licenses of this device",
];

describe("doctor", () => {
  it("passes every check against a healthy emulator and prints one line per check", async () => {
    const result = await runCli(["doctor"], { env: apiKeyEnv(emulator) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines.map((line) => line.slice(2, 25).trim())).toEqual(CHECK_ORDER);
    expect(lines.every((line) => line.startsWith("✓"))).toBe(true);
    expect(emulator.requests.at(-1)?.path).toBe("/api/v4/device_licenses");
  });

  it("reports as JSON with --json", async () => {
    const result = await runCli(["doctor", "--json"], { env: apiKeyEnv(emulator) });
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(CHECK_ORDER);
  });

  it("names the rule that derived the hardware ID, and warns about node-machine-id's", async () => {
    const derived = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "" }),
    });
    const check = (JSON.parse(derived.stdout) as Report).checks.find((c) => c.name === "hardware ID");
    expect(check?.detail).toContain("rule licensespring (default)");
    const legacy = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, {
        LICENSECTL_HARDWARE_ID: "",
        LICENSECTL_HARDWARE_ID_METHOD: "node-machine-id",
      }),
    });
    const warned = (JSON.parse(legacy.stdout) as Report).checks.find((c) => c.name === "hardware ID");
    expect(warned).toMatchObject({ status: "warn" });
    expect(warned?.fix).toContain("drop hardwareIdMethod");
  });

  it("keeps checking after an unreachable API, and exits 6", async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const result = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${closed.origin}/api/v4` }),
    });
    expect(result.code).toBe(6);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.ok).toBe(false);
    expect(statuses(report)).toEqual({
      config: "ok",
      credentials: "ok",
      "product and license": "ok",
      "hardware ID": "ok",
      "API reachable": "fail",
      clock: "skip",
      "credentials accepted": "fail",
      "response signature": "skip",
      "device found": "skip",
      "licenses of this device": "skip",
    });
  });

  it("tells a check that ran out of time by doctor's own budget, not to raise --timeout", async () => {
    const silent = await startServer(() => {}); // accepts every request, answers none
    const result = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${silent.origin}/api/v4`, LICENSECTL_TIMEOUT: "300" }),
    });
    expect(result.code).toBe(6);
    const reachable = (JSON.parse(result.stdout) as Report).checks.find((c) => c.name === "API reachable");
    expect(reachable).toMatchObject({ status: "fail", detail: expect.stringContaining("within 300 ms") });
    expect(reachable?.fix).toMatch(/^No answer within this check's budget \(5 s at most/);
    expect(reachable?.fix).not.toContain("allow more time");
  });

  it("warns beyond 15 minutes of skew that licensectl corrected it, and beyond 1 minute", async () => {
    const far = await startTestEmulator({ now: () => Date.now() - 20 * 60_000 });
    const farRun = await runCli(["doctor", "--json"], { env: apiKeyEnv(far) });
    expect(farRun.code).toBe(0);
    const farReport = JSON.parse(farRun.stdout) as Report;
    expect(statuses(farReport)).toMatchObject({ clock: "warn", "credentials accepted": "ok" });
    expect(farReport.checks.find((c) => c.name === "clock")?.detail).toContain(
      "licensectl corrects this for its own requests",
    );
    expect(farReport.checks.find((c) => c.name === "clock")?.detail).toMatch(
      /this machine is 2\dm \d+s ahead of the server/,
    );
    const near = await startTestEmulator({ now: () => Date.now() + 5 * 60_000 });
    const nearReport = JSON.parse(
      (await runCli(["doctor", "--json"], { env: apiKeyEnv(near) })).stdout,
    ) as Report;
    expect(statuses(nearReport).clock).toBe("warn");
    expect(statuses(nearReport)["credentials accepted"]).toBe("ok");
  });

  it("fails with exit 4, as vars list would, when the clock is off by more than the 60 minutes licensectl corrects", async () => {
    const far = await startTestEmulator({ now: () => Date.now() - 3 * 60 * 60_000 });
    const doctor = await runCli(["doctor", "--json"], { env: apiKeyEnv(far) });
    const list = await runCli(["vars", "list", "--json"], { env: apiKeyEnv(far) });
    expect(list.code).toBe(4);
    expect(doctor.code).toBe(4);
    expect(statuses(JSON.parse(doctor.stdout) as Report).clock).toBe("fail");
  });

  it("warns that signatures are not checked, naming --no-verify-signature as the flag that turned them off", async () => {
    const result = await runCli(["--no-verify-signature", "doctor", "--json"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    const check = (JSON.parse(result.stdout) as Report).checks.find((c) => c.name === "response signature");
    expect(check).toMatchObject({
      status: "warn",
      detail: "not checked: verifySignature is false (flag --no-verify-signature)",
    });
  });

  it("fails on refused credentials (exit 4) and on a wrong public key (exit 7)", async () => {
    const refused = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_SHARED_KEY: "wrong-shared-key" }),
    });
    expect(refused.code).toBe(4);
    expect(statuses(JSON.parse(refused.stdout) as Report)["credentials accepted"]).toBe("fail");
    const unverified = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_PUBLIC_KEY: "" }),
    });
    expect(unverified.code).toBe(7);
    expect(statuses(JSON.parse(unverified.stdout) as Report)).toMatchObject({
      "credentials accepted": "ok",
      "response signature": "fail",
    });
  });

  it("reports missing credentials and skips the signed read, exiting 3", async () => {
    const result = await runCli(["doctor"], { env: { LICENSECTL_API_URL: emulator.apiUrl } });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/✗ credentials\s+No License API credentials are configured\./);
    expect(result.stdout).toMatch(/fix: Set apiKey and sharedKey/);
    expect(result.stdout).toMatch(/- credentials accepted\s+needs the checks above to pass/);
    expect(result.stderr).toContain('doctor: the "credentials" check failed.');
  });

  it("fails on a device the license is not activated on (exit 5, as vars list), with the hint", async () => {
    const result = await runCli(["doctor", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "not-activated" }),
    });
    expect(result.code).toBe(5);
    const check = (JSON.parse(result.stdout) as Report).checks.find((c) => c.name === "device found");
    expect(check).toMatchObject({ status: "fail" });
    expect(check?.detail).toContain("device_not_found");
    expect(check?.fix).toContain("Sent hardware ID not-activated");
  });

  it.each([[[]], [["--json"]]])(
    "never prints a secret that a server's error message echoes back (flags %j)",
    async (flags) => {
      const echoing = await startServer((_request, response) => {
        response.writeHead(400, { "Content-Type": "application/json" });
        response.end(
          JSON.stringify({ status: 400, code: "bad_request", message: `Rejected key ${API_KEY}` }),
        );
      });
      const result = await runCli(["doctor", ...flags], {
        env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${echoing.origin}/api/v4` }),
      });
      // vars list would fail on that refusal too: exit 5.
      expect(result.code).toBe(5);
      expect(result.stdout).toContain("Rejected key [redacted]");
      expect(result.stdout + result.stderr).not.toContain(API_KEY);
    },
  );
});

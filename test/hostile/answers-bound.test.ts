import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { writeDevicesFile } from "../helpers/fleet.js";
import { type HostileRequest, hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";

/** A signed track answer echoing what was sent, with `created_at` and `device_id` chosen by the attack. */
function trackAnswer(request: HostileRequest, createdAt: number | string, deviceId = 42, value?: string) {
  void request;
  return { variable: "seats", value: value ?? "5", device_id: deviceId, created_at: createdAt };
}

describe("a write's answer must be fresh: a signed answer recorded earlier is refused", () => {
  it("refuses a validly signed track answer written two hours ago (exit 7, nothing reported as written)", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now() - 2 * 3_600_000)],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(errorOf(run.stderr)).toMatchObject({ code: "stale_answer" });
  });

  it("refuses a get_device_variables answer (ISO dates of yesterday, with ids) replayed to a write", async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const server = await startHostileServer(() => ({
      json: [{ id: 9, variable: "seats", value: "5", device_id: 42, created_at: yesterday }],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(errorOf(run.stderr)).toMatchObject({ code: "stale_answer" });
  });

  it("accepts an answer dated 14 minutes off this machine's clock, a skew the API itself still accepts", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now() + 14 * 60_000)],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(0);
  });

  it("refuses a signed answer replayed 17 minutes after it was written (exit 7)", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now() - 17 * 60_000)],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(errorOf(run.stderr)).toMatchObject({ code: "stale_answer" });
  });

  it("accepts an answer written during the request", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now())],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("one device_id answering for two hardware IDs in one run is refused (exit 7)", () => {
  it("vars diff A B, both reads answered with B's signed answer, does not print 'No differences'", async () => {
    const server = await startHostileServer(() => ({
      json: [{ variable: "region", value: "eu", device_id: 42, created_at: Date.now() }],
      signed: true,
    }));
    const run = await runCli(["vars", "diff", "hw-a", "hw-b"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("device_id 42");
  });

  it("a run to many devices answered by one device_id reports the second device as failed, not written", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now(), 42)],
      signed: true,
    }));
    const file = writeDevicesFile("hardware_id,license_key\nhw-a,K\nhw-b,K\n");
    const run = await runCli(["vars", "set", "seats=5", "--devices", file, "--concurrency", "1", "--yes"], {
      env: hostileApiEnv(server),
    });
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/1 of 2 devices/);
    expect(run.stderr).toContain("device_answered_twice");
  });
});

describe("one answer check for one device and for many (issue 18, item 4)", () => {
  it("a run to many devices accepts '5.0' for 5, as one device does", async () => {
    const server = await startHostileServer((request) => ({
      json: [trackAnswer(request, Date.now(), 42, "5.0")],
      signed: true,
    }));
    const file = writeDevicesFile("hardware_id,license_key\nhw-a,K\n");
    const one = await runCli(["vars", "set", "seats=5"], { env: hostileApiEnv(server) });
    expect(one.code).toBe(0);
    const many = await runCli(["vars", "set", "seats=5", "--devices", file, "--yes"], {
      env: hostileApiEnv(server),
    });
    // stderr carries the plan, the pace and the journal line; no error or warning about the answer.
    expect(many.stderr).not.toMatch(/^(error|warning)/m);
    expect(many.stdout).toMatch(/^Set 1 variable on 1 of 1 device /);
    expect(many.code).toBe(0);
  });
});

describe("an answer naming one variable twice is refused", () => {
  it("vars list does not print both rows (exit 7)", async () => {
    const server = await startHostileServer(() => ({
      json: [
        { variable: "seats", value: "5", device_id: 42, created_at: Date.now() },
        { variable: "seats", value: "500", device_id: 42, created_at: Date.now() },
      ],
      signed: true,
    }));
    const run = await runCli(["vars", "list", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(errorOf(run.stderr)).toMatchObject({ code: "duplicate_variable" });
  });

  it("vars set does not report both rows as written (exit 7)", async () => {
    const server = await startHostileServer(() => ({
      json: [
        { variable: "seats", value: "500", device_id: 42, created_at: Date.now() },
        { variable: "seats", value: "5", device_id: 42, created_at: Date.now() },
      ],
      signed: true,
    }));
    const run = await runCli(["vars", "set", "seats=5", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
  });
});

describe("a write's answer must name the device the listing gave (--all-devices)", () => {
  it("an answer about another device_id is a failed device, not a written one (exit 7)", async () => {
    const server = await startHostileServer((request) => {
      if (request.path.endsWith("/devices/")) {
        return { json: { count: 1, next: null, results: [{ id: 5, hardware_id: "hw-a", license: 1001 }] } };
      }
      return { json: [trackAnswer(request, Date.now(), 6)], signed: true };
    });
    const run = await runCli(["vars", "set", "seats=5", "--all-devices"], {
      env: hostileApiEnv(server, {
        LICENSECTL_MANAGEMENT_URL: server.managementUrl,
        LICENSECTL_MANAGEMENT_API_KEY: "mgmt-key",
        LICENSECTL_LICENSE_ID: "1001",
        LICENSECTL_LICENSE_KEY: "K",
      }),
    });
    expect(run.code).toBe(7);
    expect(run.stdout).toMatch(/0 of 1 device/);
    expect(run.stderr).toContain("other_device");
  });
});

import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator } from "../helpers/emulator.js";
import { hostileApiEnv, startHostileServer } from "../helpers/hostile-server.js";

describe("credentials a header cannot carry are refused before anything is sent (header injection)", () => {
  it.each([
    ["a CR/LF", "test-api-key\r\nX-Injected: 1"],
    ["a quote that would add its own parameters", 'test-api-key",signature="forged'],
    ["non-ASCII", "ключ-api"],
  ])("an apiKey holding %s is exit 3 invalid_credential, not an unreachable server", async (_, key) => {
    const emulator = await startTestEmulator();
    const run = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_KEY: key }),
    });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_credential" });
    expect(run.stderr).not.toContain("X-Injected");
    expect(emulator.requests).toHaveLength(0);
  });

  it("a managementApiKey holding a line break is exit 3, with nothing sent", async () => {
    const emulator = await startTestEmulator();
    const run = await runCli(["devices", "list", "--json", "--license-id", "1001"], {
      env: managementEnv(emulator, { LICENSECTL_MANAGEMENT_API_KEY: "mgmt-key\nX-Injected: 1" }),
    });
    expect(run.code).toBe(3);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_credential" });
    expect(emulator.requests).toHaveLength(0);
  });

  it("an OAuth token a header cannot carry is an invalid answer of the token endpoint (exit 6), never sent on", async () => {
    const server = await startHostileServer((request) =>
      request.path.endsWith("/token")
        ? { json: { access_token: "tok\r\nX-Injected: 1", expires_in: 3600 } }
        : { json: [], signed: true },
    );
    const run = await runCli(["vars", "list", "--json"], {
      env: hostileApiEnv(server, {
        LICENSECTL_API_KEY: "",
        LICENSECTL_SHARED_KEY: "",
        LICENSECTL_CLIENT_ID: "client",
        LICENSECTL_CLIENT_SECRET: "client-secret",
        LICENSECTL_TOKEN_URL: `${server.origin}/token`,
      }),
    });
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_response" });
    expect(server.requests.map((r) => r.path)).toEqual(["/token"]);
  });
});

describe("huge numbers in a signed answer", () => {
  it("a device_id beyond 2^53 (two devices would compare equal) is an invalid answer (exit 6)", async () => {
    const server = await startHostileServer(() => ({
      json: [{ variable: "a", value: "1", device_id: "1152921504606846977", created_at: Date.now() }],
      signed: true,
    }));
    const run = await runCli(["vars", "list", "--json"], { env: hostileApiEnv(server) });
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_response" });
  });

  it("a value of 1e400 (Infinity, printed as nothing) is an invalid answer (exit 6)", async () => {
    const server = await startHostileServer(() => ({
      text: `[{"variable":"a","value":1e400,"device_id":1,"created_at":${Date.now()}}]`,
    }));
    const run = await runCli(["vars", "list", "--json", "--no-verify-signature"], {
      env: hostileApiEnv(server),
    });
    expect(run.code).toBe(6);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_response" });
  });
});

describe("a license listing that names one license twice", () => {
  it("is refused (exit 7) instead of listing, and writing, its devices twice", async () => {
    const license = { id: 1001, license_key: "K", product_short_code: "demo", active: true };
    const server = await startHostileServer((request) =>
      request.path.endsWith("/licenses/")
        ? { json: { count: 2, next: null, results: [license, license] } }
        : { json: { count: 1, next: null, results: [{ id: 5, hardware_id: "hw-a", license: 1001 }] } },
    );
    const run = await runCli(["devices", "list", "--json", "--product", "demo"], {
      env: { LICENSECTL_MANAGEMENT_URL: server.managementUrl, LICENSECTL_MANAGEMENT_API_KEY: "mgmt-key" },
    });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(errorOf(run.stderr).message).toContain("license 1001 twice");
  });
});

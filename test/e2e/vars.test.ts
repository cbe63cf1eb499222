import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli } from "../helpers/cli.js";
import {
  API_KEY,
  apiKeyEnv,
  CLIENT_ID,
  CLIENT_SECRET,
  EMPTY_HWID,
  HWID,
  LICENSE_KEY,
  oauthEnv,
  PRODUCT,
  SHARED_KEY,
  startTestEmulator,
  USERNAME,
} from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

const lastRequest = () => emulator.requests.at(-1);
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe("vars set", () => {
  it("posts one typed variables object and prints what was tracked, sorted", async () => {
    const result = await runCli(
      ["vars", "set", "seats=5", "channel=beta", "beta:=true", "url=https://a/?b=c"],
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: "/api/v4/track_device_variables",
      status: 200,
      body: {
        product: PRODUCT,
        hardware_id: HWID,
        license_key: LICENSE_KEY,
        variables: { seats: 5, channel: "beta", beta: true, url: "https://a/?b=c" },
      },
    });
    // In a pipe stdout holds the table alone: the caption is for a terminal (test/e2e/terminal-width.test.ts).
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^VARIABLE\s+VALUE\s+UPDATED$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2))).toEqual([
      ["beta", "true"],
      ["channel", "beta"],
      ["seats", "5"],
      ["url", "https://a/?b=c"],
    ]);
    expect(lines[1]?.split(/\s+/)[2]).toMatch(ISO);
  });

  it("sends the documented headers: Date, HMAC Authorization, JSON and User-Agent", async () => {
    await runCli(["vars", "set", "a=1"], { env: apiKeyEnv(emulator) });
    const headers = lastRequest()?.headers ?? {};
    expect(headers.date).toMatch(/^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(headers.authorization).toMatch(
      new RegExp(`^algorithm="hmac-sha256",headers="date",signature="[A-Za-z0-9+/=]+",apikey="${API_KEY}"$`),
    );
    expect(headers.accept).toBe("application/json");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["user-agent"]).toMatch(/^licensectl\/\d+\.\d+\.\d+/);
  });

  it("sends every value as a string with --string", async () => {
    await runCli(["vars", "set", "--string", "build=007", "seats=5", "on=true"], {
      env: apiKeyEnv(emulator),
    });
    expect(lastRequest()?.body).toMatchObject({ variables: { build: "007", seats: "5", on: "true" } });
  });

  it("prints exactly one JSON array with created_at in ISO-8601 from the millisecond shape", async () => {
    const result = await runCli(["vars", "set", "--json", "b=2", "a=x"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(parsed.map((v) => [v.variable, v.value, v.device_id])).toEqual([
      ["a", "x", 1698663677416479],
      ["b", "2", 1698663677416479],
    ]);
    for (const item of parsed) {
      expect(Object.keys(item)).toEqual(["variable", "value", "device_id", "created_at"]);
      expect(item.created_at).toMatch(ISO);
    }
  });
});

describe("vars list", () => {
  it("lists the device's variables, sorted by name; in a pipe, the table alone", async () => {
    const result = await runCli(["vars", "list"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    expect(lastRequest()).toMatchObject({
      method: "GET",
      path: "/api/v4/get_device_variables",
      query: { product: PRODUCT, hardware_id: HWID, license_key: LICENSE_KEY },
    });
    const names = result.stdout
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => line.split(/\s+/)[0]);
    expect(names).toEqual([...names].sort());
    expect(names).toContain("10");
    expect(result.stdout).not.toContain(HWID);
  });

  it("has the alias ls and the same JSON as set, from the ISO-string shape", async () => {
    const result = await runCli(["vars", "ls", "--json"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Array<{ variable: string; created_at: string }>;
    expect(parsed.slice(0, 2).map((v) => v.variable)).toEqual(["10", "9"]);
    for (const item of parsed) expect(item.created_at).toMatch(ISO);
  });

  it("says an empty list on stderr and exits 0", async () => {
    const result = await runCli(["vars", "list"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: EMPTY_HWID }),
    });
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toContain(`No variables on the device with hardware ID ${EMPTY_HWID}`);
  });

  it("prints [] for an empty list with --json", async () => {
    const result = await runCli(["vars", "list", "--json", "--quiet"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: EMPTY_HWID }),
    });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("works for a user-based license, URL-encoding the e-mail", async () => {
    const result = await runCli(["vars", "list", "--username", USERNAME], {
      env: apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "" }),
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("plan");
    const request = emulator.requests.at(-1);
    expect(request?.query).toEqual({ product: PRODUCT, hardware_id: HWID, username: USERNAME });
  });

  it("lets --username on the command line override a licenseKey from the environment", async () => {
    const result = await runCli(["vars", "list", "--json", "--username", USERNAME], {
      env: apiKeyEnv(emulator),
    });
    expect(result.code).toBe(0);
    expect(lastRequest()?.query).not.toHaveProperty("license_key");
  });

  it("sends license_id when configured", async () => {
    await runCli(["vars", "list", "--license-id", "1002", "--username", USERNAME], {
      env: apiKeyEnv(emulator),
    });
    expect(lastRequest()?.query).toMatchObject({ license_id: "1002", username: USERNAME });
  });

  it("does not mind a trailing slash on apiUrl", async () => {
    const result = await runCli(["vars", "list", "--api-url", `${emulator.apiUrl}/`], {
      env: apiKeyEnv(emulator),
    });
    expect(result.code).toBe(0);
    expect(lastRequest()?.path).toBe("/api/v4/get_device_variables");
  });
});

describe("OAuth client credentials", () => {
  it("gets a token once, then calls the API with Bearer and a Date", async () => {
    const before = emulator.requests.length;
    const result = await runCli(["vars", "set", "via=oauth"], { env: oauthEnv(emulator) });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [token, call] = emulator.requests.slice(before);
    expect(token).toMatchObject({
      method: "POST",
      path: "/auth/realms/user-portal/protocol/openid-connect/token",
      status: 200,
    });
    expect(token?.body).toBe(
      `grant_type=client_credentials&client_id=${CLIENT_ID}&client_secret=${CLIENT_SECRET}`,
    );
    expect(call?.headers.authorization).toMatch(/^Bearer \S+$/);
    expect(call?.headers.date).toBeTruthy();
    expect(call?.status).toBe(200);
  });

  it("exits 4 when the token endpoint refuses the client secret", async () => {
    const result = await runCli(["vars", "list"], {
      env: { ...oauthEnv(emulator), LICENSECTL_CLIENT_SECRET: "wrong-secret-123" },
    });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("oauth_token_refused");
    expect(result.stderr).toContain("invalid_client");
    expect(result.stderr).not.toContain("wrong-secret-123");
  });
});

describe("hardware ID", () => {
  it("derives the ID from this machine when none is configured, and says so", async () => {
    const result = await runCli(["vars", "list", "--debug", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "" }),
    });
    expect(result.stderr).toMatch(
      /debug: hardware ID: [0-9a-f]{64} \(derived from this machine by LicenseSpring's SDK rule \(first line of \/[a-z/.A-Z]+machine-id\)\)/,
    );
    expect(lastRequest()?.query.hardware_id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("shows the flag as the source when --hardware-id is given", async () => {
    const result = await runCli(["vars", "list", "--debug", "--hardware-id", HWID], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "" }),
    });
    expect(result.stderr).toContain(`hardware ID ${HWID} (flag --hardware-id)`);
  });
});

it("keeps the shared key out of what it prints, even with --debug", async () => {
  const result = await runCli(["vars", "set", "--debug", "a=1"], { env: apiKeyEnv(emulator) });
  expect(result.code).toBe(0);
  for (const secret of [SHARED_KEY, API_KEY]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
  expect(result.stderr).toContain("debug: → POST");
});

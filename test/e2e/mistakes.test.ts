import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";

const CROWDED_HWID = "hw-0400-crowded";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  const variables = Object.fromEntries(
    Array.from({ length: 30 }, (_, i) => [`var_${String(i).padStart(2, "0")}`, i]),
  );
  seed.licenses[0]?.devices?.push({
    hardwareId: CROWDED_HWID,
    variables: { ...variables, zz_channel: "beta" },
  });
  emulator = await startTestEmulator({ seed });
});

describe("empty and malformed flag values are usage errors (exit 2)", () => {
  it.each([
    [["--hardware-id", ""], "empty_flag_value", "--hardware-id was given an empty value."],
    [["--product", ""], "empty_flag_value", "--product was given an empty value."],
    [
      ["--timeout", "abc"],
      "invalid_flag_value",
      'flag --timeout must be a positive integer no larger than 2147483647, got "abc".',
    ],
    [
      ["--retries", "-1"],
      "invalid_flag_value",
      'flag --retries must be a whole number (0 or more), got "-1".',
    ],
  ])("%j", async (flags, code, message) => {
    const result = await runCli(["vars", "list", "--json", ...flags], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(2);
    const error = errorOf(result.stderr);
    expect(error).toMatchObject({ kind: "usage", code, message });
    expect(error.hint).not.toContain("unset");
  });

  it("a bad environment variable stays a config error (exit 3), whose hint says to fix or unset it", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_TIMEOUT: "abc" }),
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr).hint).toBe("Fix or unset LICENSECTL_TIMEOUT.");
  });
});

describe("did you mean, for variables", () => {
  it("vars get chanel suggests channel", async () => {
    await runCli(["vars", "set", "channel=beta"], { env: apiKeyEnv(emulator) });
    const result = await runCli(["vars", "get", "chanel", "--json"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr).hint).toMatch(/^Did you mean "channel"\? The device has: /);
  });

  it("finds the near name among more than 20 variables, beyond those the hint lists", async () => {
    const result = await runCli(["vars", "get", "zz_chanel", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: CROWDED_HWID }),
    });
    const hint = String(errorOf(result.stderr).hint);
    expect(hint).toMatch(/^Did you mean "zz_channel"\? /);
    expect(hint).toContain("(31 in all)");
  });

  it("suggests nothing when no name is near", async () => {
    const result = await runCli(["vars", "get", "completely_else", "--json"], { env: apiKeyEnv(emulator) });
    expect(String(errorOf(result.stderr).hint)).not.toContain("Did you mean");
  });
});

describe("an https:// URL at a plain-HTTP server", () => {
  const plain = createServer((_request, response) => response.end("plain"));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    port = (plain.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  it("says the TLS handshake failed and suggests http:// for a loopback emulator, without retrying", async () => {
    const url = `https://127.0.0.1:${port}/api/v4`;
    const result = await runCli(["vars", "list", "--json", "--api-url", url], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(6);
    const error = errorOf(result.stderr);
    expect(error.code).toBe("tls_handshake_failed");
    expect(error.message).toContain(`The TLS handshake with 127.0.0.1:${port} failed`);
    expect(error.message).not.toContain("Gave up");
    expect(error.hint).toContain(`use http://127.0.0.1:${port}/api/v4 for apiUrl ${url} (flag --api-url)`);
    expect(error.hint).not.toContain("is the emulator running");
  });
});

describe("device_not_found", () => {
  it("for an ID given with --hardware-id, points to device id --explain and the Devices view, not back to the flag", async () => {
    const result = await runCli(["vars", "list", "--json", "--hardware-id", "not-activated"], {
      env: apiKeyEnv(emulator),
    });
    expect(result.code).toBe(5);
    const hint = String(errorOf(result.stderr).hint);
    expect(hint).toContain("Sent hardware ID not-activated (flag --hardware-id).");
    expect(hint).toContain("`licensectl device id --explain`");
    expect(hint).toContain("Devices view");
    expect(hint).not.toContain("pass it with --hardware-id");
  });
});

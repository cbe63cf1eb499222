import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli } from "../helpers/cli.js";
import {
  apiKeyEnv,
  BLACKLISTED_HWID,
  READONLY_API_KEY,
  READONLY_SHARED_KEY,
  startTestEmulator,
} from "../helpers/emulator.js";
import { startRewritingProxy, startServer } from "../helpers/http.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

describe("exit 2: usage", () => {
  it.each([
    [["vars", "set", "novalue"], "invalid_variable", '"novalue" is not KEY=VALUE'],
    [["vars", "set", "a=1", "a=2"], "duplicate_variable", 'Variable "a" is given more than once'],
    [["vars", "set"], "missing_argument", "Nothing to set: no KEY=VALUE arguments and no --file"],
    [["vars", "get"], "missing_argument", "Missing required argument"],
    [["vars", "list", "--bogus"], "unknown_option", "Unknown option '--bogus'"],
    [["nope"], "unknown_command", "Unknown command 'nope'"],
  ])("%j → %s, nothing sent", async (args, code, message) => {
    const before = emulator.requests.length;
    const result = await runCli([...args, "--json"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ kind: "usage", code });
    expect(errorOf(result.stderr).message).toContain(message);
    expect(emulator.requests.length).toBe(before);
  });

  it("validates every argument before sending, even with no config at all", async () => {
    const result = await runCli(["vars", "set", "ok=1", "=bad"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"=bad" has an empty variable name');
  });
});

describe("exit 3: configuration", () => {
  it("names the keys and environment variables to set when there are no credentials", async () => {
    const result = await runCli(["vars", "list"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("No License API credentials are configured.");
    expect(result.stderr).toContain("LICENSECTL_API_KEY");
    expect(result.stderr).toContain("LICENSECTL_CLIENT_ID");
  });

  it("asks for a product", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_PRODUCT: "" }),
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "config", code: "missing_product" });
  });

  it("asks for a license key or username", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_LICENSE_KEY: "" }),
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr).code).toBe("missing_license");
  });

  it("refuses a licenseKey and a username of the same precedence", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_USERNAME: "a@b.c" }),
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr).code).toBe("ambiguous_license");
  });

  it("refuses a public key that is not PEM", async () => {
    const result = await runCli(["vars", "list"], {
      env: apiKeyEnv(emulator, { LICENSECTL_PUBLIC_KEY: "/no/such.pem" }),
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("/no/such.pem");
  });
});

describe("exit 4: authentication refused", () => {
  it("on signature_mismatch (wrong shared key)", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_SHARED_KEY: "not-the-shared-key" }),
    });
    expect(result.code).toBe(4);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "auth", code: "signature_mismatch", status: 401 });
    expect(result.stderr).not.toContain("not-the-shared-key");
  });

  it("on invalid_api_key", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_KEY: "nobody" }),
    });
    expect(result.code).toBe(4);
    expect(errorOf(result.stderr).code).toBe("invalid_api_key");
  });

  it("on read_only_api_key for a write", async () => {
    const env = apiKeyEnv(emulator, {
      LICENSECTL_API_KEY: READONLY_API_KEY,
      LICENSECTL_SHARED_KEY: READONLY_SHARED_KEY,
    });
    expect((await runCli(["vars", "list"], { env })).code).toBe(0);
    const result = await runCli(["vars", "set", "a=1", "--json"], { env });
    expect(result.code).toBe(4);
    expect(errorOf(result.stderr).code).toBe("read_only_api_key");
  });

  it("on date_header_diff when the server sends no Date header to correct the clock with", async () => {
    const server = await startServer((_req, res) => {
      res.sendDate = false;
      res.writeHead(400, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 400, code: "date_header_diff", message: "Date header differs" }));
    });
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin }),
    });
    expect(result.code).toBe(4);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "auth", code: "date_header_diff", status: 400 });
    expect(errorOf(result.stderr).hint).toContain("sent no Date header");
  });
});

describe("exit 5: the API refused the request", () => {
  it.each([
    [{ LICENSECTL_PRODUCT: "nope" }, "unknown_product"],
    [{ LICENSECTL_LICENSE_KEY: "NO-SUCH-KEY" }, "license_not_found"],
    [{ LICENSECTL_LICENSE_KEY: "TEST-DISABLED" }, "license_not_enabled"],
    [{ LICENSECTL_LICENSE_KEY: "TEST-INACTIVE" }, "license_not_active"],
    [{ LICENSECTL_HARDWARE_ID: "never-activated" }, "device_not_found"],
    [{ LICENSECTL_HARDWARE_ID: BLACKLISTED_HWID }, "blacklisted"],
    [{ LICENSECTL_LICENSE_KEY: "", LICENSECTL_USERNAME: "stranger@example.com" }, "user_not_found"],
  ])("%j → %s", async (override, code) => {
    const result = await runCli(["vars", "list", "--json"], { env: apiKeyEnv(emulator, override) });
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ kind: "api", code, status: 400 });
    expect(errorOf(result.stderr).hint).toEqual(expect.any(String));
  });

  it("explains device_not_found with the hardware ID sent and where it came from", async () => {
    const result = await runCli(["vars", "set", "a=1", "--hardware-id", "never-activated"], {
      env: apiKeyEnv(emulator),
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("error: Device not found (device_not_found, HTTP 400)");
    expect(result.stderr).toContain("hint: The license must be activated on this hardware ID first.");
    expect(result.stderr).toContain("Sent hardware ID never-activated (flag --hardware-id)");
  });
});

describe("exit 6: network or server failure", () => {
  it("when nothing listens on the port", async () => {
    const server = await startServer(() => {});
    await server.close();
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${server.origin}/api/v4` }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "network", code: "connection_failed" });
    expect(errorOf(result.stderr).message).toContain("connection refused");
  });

  it("on a 500 from the server", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 500, code: "internal_error", message: "Internal error" }));
    });
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "network", code: "internal_error", status: 500 });
  });

  it("on a 200 whose body is not JSON", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>captive portal</html>");
    });
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ code: "invalid_response", status: 200 });
  });

  it("on a server that never answers within --timeout", async () => {
    const server = await startServer(() => {});
    const result = await runCli(["vars", "list", "--json", "--timeout", "300"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin }),
    });
    expect(result.code).toBe(6);
    expect(errorOf(result.stderr)).toMatchObject({ code: "timeout" });
  });
});

describe("exit 7: response verification failed", () => {
  it("when a man in the middle changes a value and keeps the signature", async () => {
    const proxy = await startRewritingProxy(emulator.origin, (body, headers) => ({
      body: body.replace("eu-west", "us-east"),
      headers,
    }));
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${proxy.origin}/api/v4` }),
    });
    expect(result.code).toBe(7);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ kind: "verification", code: "signature_invalid" });
  });

  it("when the LicenseSignature header is missing", async () => {
    const proxy = await startRewritingProxy(emulator.origin, (body, headers) => {
      const { licensesignature: _dropped, ...rest } = headers;
      return { body, headers: rest };
    });
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: `${proxy.origin}/api/v4` }),
    });
    expect(result.code).toBe(7);
    expect(errorOf(result.stderr).code).toBe("signature_missing");
  });

  it("when the configured public key is not the server's (the production key by default)", async () => {
    const result = await runCli(["vars", "list", "--json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_PUBLIC_KEY: "" }),
    });
    expect(result.code).toBe(7);
    expect(errorOf(result.stderr).code).toBe("signature_invalid");
  });

  it("skips the check with --no-verify-signature", async () => {
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({
      type: "spki",
      format: "pem",
    });
    const result = await runCli(["vars", "list", "--no-verify-signature"], {
      env: apiKeyEnv(emulator, { LICENSECTL_PUBLIC_KEY: other.toString() }),
    });
    expect(result.code).toBe(0);
  });
});

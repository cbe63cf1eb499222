import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CONFIG_SCHEMA_URL } from "../../src/config/json-schema.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import {
  API_KEY,
  apiKeyEnv,
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  PRODUCT,
  SHARED_KEY,
  startTestEmulator,
  USERNAME,
} from "../helpers/emulator.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

interface ShownJson {
  profile: { name: string } | null;
  files: Array<{ path: string; scope: string }>;
  settings: Record<string, { value: unknown; secret: boolean; from: string | null }>;
}

describe("config show", () => {
  it("lists every setting with its value and source, secrets masked to the last four characters", async () => {
    const result = await runCli(["config", "show", "--product", "from-flag"], { env: apiKeyEnv(emulator) });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^KEY\s+VALUE\s+SOURCE$/);
    expect(result.stdout).toMatch(/product\s+from-flag\s+flag --product/);
    expect(result.stdout).toMatch(/sharedKey\s+\*\*\*\*2e71\s+env LICENSECTL_SHARED_KEY/);
    expect(result.stdout).toMatch(/timeout\s+30000\s+default/);
    expect(result.stdout).toMatch(/clientSecret\s+\(not set\)/);
    expect(result.stdout).toMatch(
      /publicKey\s+PEM text \(RSA 2048-bit public key\)\s+env LICENSECTL_PUBLIC_KEY/,
    );
    for (const secret of [API_KEY, SHARED_KEY]) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("fully masks a short secret", async () => {
    const result = await runCli(["config", "show", "--json"], { env: { LICENSECTL_API_KEY: "short-key" } });
    const shown = JSON.parse(result.stdout) as ShownJson;
    expect(shown.settings.apiKey).toMatchObject({
      value: "****",
      secret: true,
      from: "env LICENSECTL_API_KEY",
    });
    expect(result.stdout).not.toContain("short-key");
  });

  it("shows the profile and the files with --json", async () => {
    const project = tempHome();
    const file = join(project, ".licensectlrc.json");
    writeFileSync(file, JSON.stringify({ product: "base", profiles: { ci: { product: "ci-product" } } }));
    const result = await runCli(["config", "show", "--json", "--profile", "ci"], { cwd: project });
    expect(result.code).toBe(0);
    const shown = JSON.parse(result.stdout) as ShownJson;
    expect(shown.profile?.name).toBe("ci");
    expect(shown.files).toEqual([{ path: file, scope: "project" }]);
    expect(shown.settings.product).toMatchObject({ value: "ci-product", from: `profile "ci" in ${file}` });
    expect(shown.settings.publicKey).toMatchObject({
      value: "LicenseSpring production key (built in)",
      from: "default",
    });
  });

  it.each([[[]], [["--json"]]])(
    "names the flag --no-verify-signature as the source of verifySignature, as typed (flags %j)",
    async (flags) => {
      const result = await runCli(["--no-verify-signature", "config", "show", ...flags]);
      expect(result.code).toBe(0);
      if (flags.length === 0) {
        expect(result.stdout).toMatch(/^verifySignature\s+false\s+flag --no-verify-signature$/m);
      } else {
        expect((JSON.parse(result.stdout) as ShownJson).settings.verifySignature).toEqual({
          value: false,
          secret: false,
          source: { type: "flag", name: "--no-verify-signature" },
          from: "flag --no-verify-signature",
        });
      }
    },
  );

  it("works with no configuration at all, without credentials", async () => {
    const result = await runCli(["config", "show"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/apiKey\s+\(not set\)/);
  });
});

describe("config path", () => {
  it("lists the places searched, marking the files used", async () => {
    const home = tempHome();
    const user = join(home, ".config", "licensectl", "config.yaml");
    mkdirSync(join(user, ".."), { recursive: true });
    writeFileSync(user, "product: x\n");
    const project = join(home, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "no-licensectl-key" }));
    const result = await runCli(["config", "path", "--json"], { cwd: project, env: { HOME: home } });
    expect(result.code).toBe(0);
    const search = JSON.parse(result.stdout) as {
      files: unknown[];
      places: Array<{ path: string; status: string }>;
    };
    expect(search.files).toEqual([{ path: user, scope: "user" }]);
    const status = Object.fromEntries(search.places.map((p) => [p.path, p.status]));
    expect(status[join(home, ".config", "licensectl", "config.json")]).toBe("absent");
    expect(status[user]).toBe("used");
    expect(status[join(project, "package.json")]).toBe("present, not used");
    expect(status[join(project, ".licensectlrc.json")]).toBe("absent");
    expect(search.places.some((p) => p.path === "/.licensectlrc")).toBe(true);
  });

  it("prints a readable report", async () => {
    const result = await runCli(["config", "path"]);
    expect(result.stdout).toContain(
      "Used (lowest precedence first):\n  (none: defaults and environment only)",
    );
    expect(result.stdout).toMatch(/PLACE\s+STATUS/);
  });
});

describe("config init", () => {
  const userFile = (home: string) => join(home, ".config", "licensectl", "config.json");

  it("writes flags and environment to the user file with mode 0600 when there is no terminal", async () => {
    const home = tempHome();
    const result = await runCli(["config", "init", "--product", PRODUCT, "--license-key", LICENSE_KEY], {
      env: { HOME: home, LICENSECTL_API_KEY: API_KEY, LICENSECTL_SHARED_KEY: SHARED_KEY },
    });
    expect(result.stderr).toContain(
      `Wrote apiKey, sharedKey, product, licenseKey to ${userFile(home)} (mode 0600)`,
    );
    expect(result).toMatchObject({ code: 0, stdout: `${userFile(home)}\n` });
    expect(statSync(userFile(home)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(userFile(home), "utf8"))).toEqual({
      $schema: CONFIG_SCHEMA_URL,
      apiKey: API_KEY,
      sharedKey: SHARED_KEY,
      product: PRODUCT,
      licenseKey: LICENSE_KEY,
    });
    expect(result.stderr).not.toContain(SHARED_KEY);
  });

  it("refuses to overwrite an existing file without --force", async () => {
    const home = tempHome();
    mkdirSync(join(userFile(home), ".."), { recursive: true });
    writeFileSync(userFile(home), '{"product":"keep"}');
    const complete = {
      HOME: home,
      LICENSECTL_API_KEY: API_KEY,
      LICENSECTL_SHARED_KEY: SHARED_KEY,
      LICENSECTL_LICENSE_KEY: LICENSE_KEY,
    };
    const refused = await runCli(["config", "init", "--product", "new"], { env: complete });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("already exists");
    expect(readFileSync(userFile(home), "utf8")).toBe('{"product":"keep"}');
    const forced = await runCli(["config", "init", "--force", "--product", "new"], { env: complete });
    expect(forced.code).toBe(0);
    // The whole file replaced: the flag and the environment, nothing kept from the old file.
    expect(JSON.parse(readFileSync(userFile(home), "utf8"))).toEqual({
      $schema: CONFIG_SCHEMA_URL,
      apiKey: API_KEY,
      sharedKey: SHARED_KEY,
      product: "new",
      licenseKey: LICENSE_KEY,
    });
  });

  it("refuses to write an empty file", async () => {
    const result = await runCli(["config", "init"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Nothing to write");
  });

  it("without a terminal, writes no file a command could not use (exit 2), naming what completes it", async () => {
    const home = tempHome();
    const result = await runCli(["config", "init", "--product", PRODUCT], { env: { HOME: home } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("it would lack credentials, license, so no command could use it");
    expect(result.stderr).toContain("--api-key and --shared-key");
    expect(result.stderr).toContain("--license-key <key> (LICENSECTL_LICENSE_KEY) or --username <email>");
    expect(existsSync(userFile(home))).toBe(false);
  });

  it("refuses an invalid value before writing", async () => {
    const home = tempHome();
    const result = await runCli(["config", "init", "--api-url", "not a url"], { env: { HOME: home } });
    expect(result.code).toBe(2); // a bad flag value is a usage error
  });

  it.runIf(hasScript)("asks a required question again when it is left empty", async () => {
    const home = tempHome();
    const run = await runInTerminal(`node ${BIN} config init`, terminalOptions(home), [
      ["License API URL", `${emulator.apiUrl}\r`],
      ["API key", `${API_KEY}\r`],
      ["Shared key", "\r"],
      ["Required with an API key", `${SHARED_KEY}\r`],
      ["Product short code", "\r"],
      ["Required: the product", `${PRODUCT}\r`],
      ["License key", "\r"],
      ["License user e-mail", "\r"],
      ["Required without a license key", `${USERNAME}\r`],
      ["Management API key", "\r"],
      ["Public key", "\r"],
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(userFile(home), "utf8"))).toMatchObject({
      sharedKey: SHARED_KEY,
      product: PRODUCT,
      username: USERNAME,
    });
  });

  it.runIf(hasScript)("stops at Ctrl+C in a prompt with exit 130 and writes nothing", async () => {
    const home = tempHome();
    const run = await runInTerminal(`node ${BIN} config init`, terminalOptions(home), [
      ["License API URL", "\u0003"],
    ]);
    expect(run.output).toContain("Interrupted (SIGINT).");
    expect(run.code).toBe(130);
    expect(existsSync(userFile(home))).toBe(false);
  });

  it.runIf(hasScript)("asks on a terminal, without echoing secrets, and the file works", async () => {
    const home = tempHome();
    const { output: transcript } = await runInTerminal(`node ${BIN} config init`, terminalOptions(home), [
      ["License API URL", `${emulator.apiUrl}\r`],
      ["API key", `${API_KEY}\r`],
      ["Shared key", `${SHARED_KEY}\r`],
      ["Product short code", `${PRODUCT}\r`],
      ["License key", `${LICENSE_KEY}\r`],
      ["Management API key", `${MANAGEMENT_API_KEY}\r`],
      ["Management API URL", "\r"],
      ["Public key", "\r"],
    ]);
    // The management questions are explained, and their URL offered from the License API URL's origin.
    expect(transcript).toContain("`vars unset` and `devices list` need it");
    expect(transcript).toContain(`Management API URL [${emulator.managementUrl}]:`);
    expect(transcript).not.toContain(MANAGEMENT_API_KEY);
    // An endpoint other than LicenseSpring's: its key is offered from what it serves at /.well-known.
    expect(transcript).toContain(`[the key ${emulator.apiUrl}/.well-known serves, SHA-256 `);
    expect(transcript).toContain("License API URL [https://api.licensespring.com/api/v4]:");
    expect(transcript).toContain("Shared key:");
    expect(transcript).toContain(PRODUCT);
    expect(transcript).not.toContain(API_KEY);
    expect(transcript).not.toContain(SHARED_KEY);
    expect(JSON.parse(readFileSync(userFile(home), "utf8"))).toEqual({
      $schema: CONFIG_SCHEMA_URL,
      apiUrl: emulator.apiUrl,
      apiKey: API_KEY,
      sharedKey: SHARED_KEY,
      product: PRODUCT,
      licenseKey: LICENSE_KEY,
      managementUrl: emulator.managementUrl,
      managementApiKey: MANAGEMENT_API_KEY,
      publicKey: emulator.publicKeyPem,
    });
    const devices = await runCli(["devices", "list", "--json"], { env: { HOME: home } });
    expect(devices.code).toBe(0);
    const list = await runCli(["vars", "list", "--json"], {
      env: {
        HOME: home,
        LICENSECTL_HARDWARE_ID: apiKeyEnv(emulator).LICENSECTL_HARDWARE_ID,
      },
    });
    expect(list.code).toBe(0);
  });
});

// Spawned (runInTerminal): prompts need a real pseudo-terminal.
function terminalOptions(home: string) {
  return {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      NO_COLOR: "1",
      TERM: "dumb",
    },
  };
}

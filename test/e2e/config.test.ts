import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli, tempHome } from "../helpers/cli.js";
import { API_KEY, HWID, LICENSE_KEY, PRODUCT, SHARED_KEY, startTestEmulator } from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

/** Everything a call needs, as config-file keys. */
const fullConfig = () => ({
  apiUrl: emulator.apiUrl,
  apiKey: API_KEY,
  sharedKey: SHARED_KEY,
  publicKey: emulator.publicKeyPem,
  product: PRODUCT,
  licenseKey: LICENSE_KEY,
  hardwareId: HWID,
});

const yaml = (config: Record<string, string>) =>
  Object.entries(config)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join("\n");

function write(path: string, content: string): string {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  return path;
}

const usedFiles = (stderr: string) => /debug: config files: (.*)/.exec(stderr)?.[1];

describe("project config search places", () => {
  it.each([
    [".licensectlrc", () => yaml(fullConfig())],
    [".licensectlrc.json", () => JSON.stringify(fullConfig())],
    [".licensectlrc.yaml", () => yaml(fullConfig())],
    [".licensectlrc.yml", () => yaml(fullConfig())],
    ["licensectl.config.json", () => JSON.stringify(fullConfig())],
    ["package.json", () => JSON.stringify({ name: "app", licensectl: fullConfig() })],
  ])("reads %s from the current directory", async (name, content) => {
    const project = join(tempHome(), "project");
    const file = write(join(project, name), content());
    const result = await runCli(["vars", "list", "--debug"], { cwd: project });
    expect(result.stdout).toContain("region");
    expect(result.code).toBe(0);
    expect(usedFiles(result.stderr)).toBe(`${file} (project)`);
  });

  it("finds the project file in a parent directory", async () => {
    const project = join(tempHome(), "project");
    const file = write(join(project, ".licensectlrc.json"), JSON.stringify(fullConfig()));
    const deep = join(project, "src", "deep");
    mkdirSync(deep, { recursive: true });
    const result = await runCli(["vars", "list", "--debug"], { cwd: deep });
    expect(result.code).toBe(0);
    expect(usedFiles(result.stderr)).toBe(`${file} (project)`);
  });

  it("skips a package.json without a licensectl key and keeps searching upwards", async () => {
    const project = join(tempHome(), "project");
    const file = write(join(project, ".licensectlrc.json"), JSON.stringify(fullConfig()));
    const pkg = join(project, "packages", "app");
    write(join(pkg, "package.json"), JSON.stringify({ name: "app" }));
    const result = await runCli(["vars", "list", "--debug"], { cwd: pkg });
    expect(usedFiles(result.stderr)).toBe(`${file} (project)`);
  });
});

describe("user config", () => {
  it.each([
    ["config.json", () => JSON.stringify(fullConfig())],
    ["config.yaml", () => yaml(fullConfig())],
  ])("reads $XDG_CONFIG_HOME/licensectl/%s", async (name, content) => {
    const home = tempHome();
    const file = write(join(home, ".config", "licensectl", name), content());
    const result = await runCli(["vars", "list", "--debug"], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(usedFiles(result.stderr)).toBe(`${file} (user)`);
  });

  it("falls back to ~/.config when XDG_CONFIG_HOME is unset", async () => {
    const home = tempHome();
    write(join(home, ".config", "licensectl", "config.json"), JSON.stringify(fullConfig()));
    const result = await runCli(["vars", "list"], { env: { HOME: home, XDG_CONFIG_HOME: undefined } });
    expect(result.code).toBe(0);
  });

  it("merges user and project files, the project winning key by key", async () => {
    const home = tempHome();
    const { product: _product, ...withoutProduct } = fullConfig();
    write(
      join(home, ".config", "licensectl", "config.json"),
      JSON.stringify({ ...withoutProduct, product: "user-product" }),
    );
    const project = join(home, "project");
    write(join(project, ".licensectlrc.json"), JSON.stringify({ product: PRODUCT }));
    const result = await runCli(["vars", "list", "--json"], { cwd: project, env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(emulator.requests.at(-1)?.query.product).toBe(PRODUCT);
  });
});

describe("precedence: flag > env > profile > project > user", () => {
  const setup = () => {
    const home = tempHome();
    write(
      join(home, ".config", "licensectl", "config.json"),
      JSON.stringify({ ...fullConfig(), product: "from-user" }),
    );
    const project = join(home, "project");
    write(
      join(project, ".licensectlrc.json"),
      JSON.stringify({ product: "from-project", profiles: { ci: { product: "from-profile" } } }),
    );
    return { home, project };
  };
  const sentProduct = () => emulator.requests.at(-1)?.query.product;

  it.each([
    [[], {}, "from-project"],
    [["--profile", "ci"], {}, "from-profile"],
    [[], { LICENSECTL_PROFILE: "ci" }, "from-profile"],
    [["--profile", "ci"], { LICENSECTL_PRODUCT: "from-env" }, "from-env"],
    [["--product", "from-flag"], { LICENSECTL_PRODUCT: "from-env", LICENSECTL_PROFILE: "ci" }, "from-flag"],
  ])("args %j with env %j sends product %s", async (args, env, expected) => {
    const { home, project } = setup();
    await runCli(["vars", "list", ...args], { cwd: project, env: { HOME: home, ...env } });
    expect(sentProduct()).toBe(expected);
  });

  it("accepts global flags after the subcommand too", async () => {
    const { home, project } = setup();
    await runCli(["--product", "before", "vars", "list"], { cwd: project, env: { HOME: home } });
    expect(sentProduct()).toBe("before");
    await runCli(["vars", "list", "--product", "after"], { cwd: project, env: { HOME: home } });
    expect(sentProduct()).toBe("after");
  });
});

describe("--config and LICENSECTL_CONFIG", () => {
  it("reads exactly the named file and skips the search", async () => {
    const home = tempHome();
    write(join(home, ".licensectlrc.json"), JSON.stringify({ product: "searched" }));
    const explicit = write(join(home, "elsewhere", "licensectl.yaml"), yaml(fullConfig()));
    const result = await runCli(["vars", "list", "--debug", "--config", explicit]);
    expect(result.code).toBe(0);
    expect(usedFiles(result.stderr)).toBe(`${explicit} (explicit)`);
    const viaEnv = await runCli(["vars", "list", "--debug"], { env: { LICENSECTL_CONFIG: explicit } });
    expect(usedFiles(viaEnv.stderr)).toBe(`${explicit} (explicit)`);
  });

  it("exits 3 when the named file does not exist", async () => {
    const result = await runCli(["vars", "list", "--config", "/no/such/file.json"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("/no/such/file.json does not exist");
  });

  it("resolves a relative publicKey path against the config file's directory", async () => {
    const dir = join(tempHome(), "cfg");
    write(join(dir, "keys", "emulator.pem"), emulator.publicKeyPem);
    const file = write(
      join(dir, "c.json"),
      JSON.stringify({ ...fullConfig(), publicKey: "keys/emulator.pem" }),
    );
    const result = await runCli(["vars", "list", "--config", file]);
    expect(result.code).toBe(0);
  });
});

describe("bad config files", () => {
  it("exits 3 naming the file and position of malformed JSON, without quoting its secrets", async () => {
    const project = tempHome();
    const file = write(
      join(project, ".licensectlrc.json"),
      `{"sharedKey": "${SHARED_KEY}", "product": oops}`,
    );
    const result = await runCli(["vars", "list"], { cwd: project });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`Config file ${file} is not valid JSON`);
    expect(result.stderr).not.toContain(SHARED_KEY);
  });

  it("exits 3 naming the line of malformed YAML, without quoting its secrets", async () => {
    const project = tempHome();
    write(join(project, ".licensectlrc.yaml"), `sharedKey: ${SHARED_KEY}\nproduct: [oops\n`);
    const result = await runCli(["vars", "list"], { cwd: project });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/is not valid YAML at line \d+, column \d+/);
    expect(result.stderr).not.toContain(SHARED_KEY);
  });

  it("exits 3 naming the file and key of a wrongly typed value", async () => {
    const project = tempHome();
    const file = write(
      join(project, ".licensectlrc.json"),
      JSON.stringify({ ...fullConfig(), verifySignature: "no" }),
    );
    const result = await runCli(["vars", "list"], { cwd: project });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${file}: "verifySignature" must be true or false`);
  });

  it("warns about an unknown key on stderr and still runs", async () => {
    const project = tempHome();
    write(join(project, ".licensectlrc.json"), JSON.stringify({ ...fullConfig(), prodcut: "typo" }));
    const result = await runCli(["vars", "list", "--json"], { cwd: project });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: unknown key "prodcut"');
    expect(result.stderr).toContain('did you mean "product"?');
    expect(JSON.parse(result.stdout)).toEqual(expect.any(Array));
  });

  it("never executes a JS config, not even cosmiconfig's meta config in .config/", async () => {
    const project = tempHome();
    const marker = join(project, "EXECUTED");
    const payload = `require("fs").writeFileSync(${JSON.stringify(marker)}, "x"); module.exports = { licensectl: {} };`;
    write(join(project, ".config", "config.js"), payload);
    write(join(project, ".config", "config.cjs"), payload);
    write(join(project, ".licensectlrc.cjs"), payload);
    write(
      join(project, "package.json"),
      JSON.stringify({ cosmiconfig: { searchPlaces: [".licensectlrc.cjs"] } }),
    );
    const result = await runCli(["vars", "list"], { cwd: project });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(existsSync(marker)).toBe(false);
    expect(result.code).toBe(3);
    const explicit = await runCli(["vars", "list", "--config", join(project, ".licensectlrc.cjs")]);
    expect(explicit.code).toBe(3);
    expect(explicit.stderr).toContain("never executes code");
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses $import, which would read settings from a file nobody searched or checked", async () => {
    const project = tempHome();
    write(join(project, "secrets.json"), JSON.stringify({ sharedKey: SHARED_KEY }));
    write(
      join(project, ".licensectlrc.json"),
      JSON.stringify({ $import: "./secrets.json", product: PRODUCT }),
    );
    const result = await runCli(["config", "show"], { cwd: project });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('uses "$import", which licensectl does not support');
    expect(result.stdout + result.stderr).not.toContain(SHARED_KEY);
  });
});

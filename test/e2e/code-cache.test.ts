import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../helpers/cli.js";

const cacheDir = (home: string) => join(home, ".cache", "licensectl", "v8");

describe("V8 code cache", () => {
  it("is written per command into a private directory, and reused", async () => {
    const home = tempHome();
    const first = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(first.code).toBe(0);
    const files = readdirSync(cacheDir(home));
    expect(files.some((name) => /-config-path-cli\.cjs\.bin$/.test(name))).toBe(true);
    expect(files.some((name) => /-config-path-commands\.cjs\.bin$/.test(name))).toBe(true);
    expect(statSync(cacheDir(home)).mode & 0o777).toBe(0o700);
    for (const name of files) expect(statSync(join(cacheDir(home), name)).mode & 0o777).toBe(0o600);
    const second = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
  });

  it("survives a corrupt cache file: the run works and the file is replaced", async () => {
    const home = tempHome();
    await runCli(["--help"], { env: { HOME: home } });
    const [name] = readdirSync(cacheDir(home)).filter((file) => file.endsWith("-root-cli.cjs.bin"));
    expect(name).toBeDefined();
    const file = join(cacheDir(home), name ?? "");
    writeFileSync(file, "not a V8 code cache");
    const result = await runCli(["--help"], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: licensectl");
    expect(statSync(file).size).toBeGreaterThan(1000);
  });

  it("is neither read nor written with LICENSECTL_NO_CODE_CACHE", async () => {
    const home = tempHome();
    const result = await runCli(["--help"], { env: { HOME: home, LICENSECTL_NO_CODE_CACHE: "1" } });
    expect(result.code).toBe(0);
    expect(readdirSync(home)).not.toContain(".cache");
  });

  it("works where the cache cannot be written", async () => {
    const home = tempHome();
    writeFileSync(join(home, ".cache"), "a file where the cache directory would go");
    const result = await runCli(["--help"], { env: { HOME: home } });
    expect(result).toMatchObject({ code: 0, stderr: "" });
  });
});

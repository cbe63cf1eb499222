import { execFile } from "node:child_process";
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BIN, spawnCli, tempHome } from "../helpers/cli.js";
import { filesUnder } from "../hostile/code-cache-helpers.js";

const cacheRoot = (home: string) => join(home, ".cache", "licensectl");
// The code cache is how bin/ loads the bundles in dist/: only a real process of the built CLI has one.
const runCli = (...args: Parameters<typeof spawnCli>) => spawnCli(...args).result;

describe("code cache", () => {
  it("is written into a private directory, and reused", async () => {
    const home = tempHome();
    const first = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(first.code).toBe(0);
    const files = filesUnder(cacheRoot(home));
    expect(files.length).toBeGreaterThan(0);
    const names = readdirSync(join(cacheRoot(home), "v8"));
    expect(names.some((name) => name.endsWith("-config-path-cli.cjs.bin"))).toBe(true);
    expect(names.some((name) => name.endsWith("-config-path-commands.cjs.bin"))).toBe(true);
    // Every directory and every file: private.
    const own = readdirSync(cacheRoot(home)).map((name) => join(cacheRoot(home), name));
    for (const dir of [cacheRoot(home), ...own]) expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    for (const file of files) expect(lstatSync(file).mode & 0o777).toBe(0o600);
    const second = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
  });

  it("survives a cache file that is not a cache: the run works and the file is replaced", async () => {
    const home = tempHome();
    await runCli(["--help"], { env: { HOME: home } });
    const files = filesUnder(cacheRoot(home));
    for (const file of files) writeFileSync(file, "not a V8 code cache");
    const result = await runCli(["--help"], { env: { HOME: home } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: licensectl");
    expect(files.some((file) => readFileSync(file).length > 1000)).toBe(true);
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

describe("code cache after a rebuild", () => {
  it("never runs the previous build's code, even when the new bundle has the same length", async () => {
    const root = tempHome();
    const home = tempHome();
    for (const part of ["bin", "dist", "package.json"])
      cpSync(join(BIN, "..", "..", part), join(root, part), { recursive: true });
    const bin = join(root, "bin", "licensectl.cjs");
    const run = () =>
      promisify(execFile)(process.execPath, [bin, "--help"], { env: { PATH: process.env.PATH, HOME: home } });
    expect((await run()).stdout).toContain("Set and inspect LicenseSpring device variables.");
    const cli = join(root, "dist", "cli.cjs");
    writeFileSync(cli, readFileSync(cli, "utf8").replace("Set and inspect", "Xet and inspect"));
    expect((await run()).stdout).toContain("Xet and inspect LicenseSpring device variables.");
    expect((await run()).stdout).toContain("Xet and inspect LicenseSpring device variables.");
  });

  it("replaces what an earlier version of licensectl left", async () => {
    const home = tempHome();
    const node = `node${process.versions.node}-${process.arch}`;
    const earlier = `v8/0.0.1-${node}-root-cli.cjs.bin`;
    const otherCommand = `v8/0.0.1-${node}-doctor-cli.cjs.bin`;
    // Where earlier versions had Node >= 22.1 keep its own compile cache.
    const runtimeCache = "compile-0.0.1-0123456789abcdef";
    mkdirSync(join(cacheRoot(home), "v8"), { recursive: true, mode: 0o700 });
    mkdirSync(join(cacheRoot(home), runtimeCache), { mode: 0o700 });
    for (const name of [earlier, otherCommand])
      writeFileSync(join(cacheRoot(home), name), "an earlier version's");
    expect((await runCli(["--help"], { env: { HOME: home } })).code).toBe(0);
    const left = filesUnder(cacheRoot(home)).map((file) => relative(cacheRoot(home), file));
    const dirs = readdirSync(cacheRoot(home));
    expect(left).not.toContain(earlier);
    expect(dirs).not.toContain(runtimeCache);
    expect(left).toContain(otherCommand); // replaced when doctor runs, not before
  });
});

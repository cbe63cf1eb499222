import { execFile } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BIN, spawnCli, tempHome } from "../helpers/cli.js";

const cacheDir = (home: string) => join(home, ".cache", "licensectl", "v8");
// The code cache is how bin/ loads the bundles in dist/: only a real process of the built CLI has one.
const runCli = (...args: Parameters<typeof spawnCli>) => spawnCli(...args).result;

describe("V8 code cache", () => {
  it("is written per command into a private directory, and reused", async () => {
    const home = tempHome();
    const first = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(first.code).toBe(0);
    const files = readdirSync(cacheDir(home));
    expect(files.some((name) => name.includes("-config-path-cli.cjs-"))).toBe(true);
    expect(files.some((name) => name.includes("-config-path-commands.cjs-"))).toBe(true);
    expect(statSync(cacheDir(home)).mode & 0o777).toBe(0o700);
    for (const name of files) expect(statSync(join(cacheDir(home), name)).mode & 0o777).toBe(0o600);
    const second = await runCli(["config", "path", "--json"], { env: { HOME: home } });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: "" });
  });

  it("survives a corrupt cache file: the run works and the file is replaced", async () => {
    const home = tempHome();
    await runCli(["--help"], { env: { HOME: home } });
    const [name] = readdirSync(cacheDir(home)).filter((file) => file.includes("-root-cli.cjs-"));
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

describe("V8 code cache after a rebuild", () => {
  it("never runs the previous build's code, even when the new bundle has the same length", async () => {
    const root = tempHome();
    const home = tempHome();
    cpSync(join(BIN, "..", ".."), root, {
      recursive: true,
      filter: (path) => !path.includes("node_modules") && !path.includes(".git"),
    });
    const bin = join(root, "bin", "licensectl.cjs");
    const run = () =>
      promisify(execFile)(process.execPath, [bin, "--help"], { env: { PATH: process.env.PATH, HOME: home } });
    expect((await run()).stdout).toContain("Set and inspect LicenseSpring device variables.");
    const cli = join(root, "dist", "cli.cjs");
    const rebuilt = readFileSync(cli, "utf8").replace("Set and inspect", "Xet and inspect");
    writeFileSync(cli, rebuilt);
    utimesSync(cli, new Date(), new Date(Date.now() + 5000));
    expect((await run()).stdout).toContain("Xet and inspect LicenseSpring device variables.");
    const caches = readdirSync(cacheDir(home)).filter((name) => name.includes("-root-cli.cjs-"));
    expect(caches).toHaveLength(1); // the previous build's cache was removed
  });

  it("replaces the cache an earlier version of licensectl left for the same command", async () => {
    const home = tempHome();
    const node = `node${process.versions.node}-${process.arch}`;
    const earlier = `0.0.1-${node}-root-cli.cjs-1234-5678.bin`;
    const otherCommand = `0.0.1-${node}-doctor-cli.cjs-1234-5678.bin`;
    mkdirSync(cacheDir(home), { recursive: true, mode: 0o700 });
    for (const name of [earlier, otherCommand])
      writeFileSync(join(cacheDir(home), name), "an earlier version's");
    expect((await runCli(["--help"], { env: { HOME: home } })).code).toBe(0);
    const names = readdirSync(cacheDir(home));
    expect(names.filter((name) => name.includes(`-${node}-root-cli.cjs-`))).toHaveLength(1);
    expect(names).not.toContain(earlier);
    expect(names).toContain(otherCommand); // replaced when doctor runs, not before
  });
});

import { execFile } from "node:child_process";
import { chownSync, lstatSync, readdirSync, statSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { BIN, tempHome } from "../helpers/cli.js";
import { chmodTree, help, snapshot, tamperedCopy } from "./code-cache-helpers.js";

const isRoot = process.getuid?.() === 0;

/** Another user's cache: made by a run of a tampered build, its directory then opened up or given away. */
async function plantedCache(share: (licensectlDir: string) => void): Promise<string> {
  const cacheHome = tempHome();
  const attacker = tamperedCopy();
  // Same length, same mtime as the real bundle: a cache named and sized for the real one.
  const { mtime } = statSync(join(BIN, "..", "..", "dist", "cli.cjs"));
  utimesSync(join(attacker, "..", "..", "dist", "cli.cjs"), mtime, mtime);
  const env = { PATH: process.env.PATH ?? "", HOME: tempHome(), XDG_CACHE_HOME: cacheHome };
  const { stdout } = await promisify(execFile)(process.execPath, [attacker, "--help"], { env });
  expect(stdout).toContain("Xet and inspect"); // the tampered build ran, and left its cache
  share(join(cacheHome, "licensectl"));
  return cacheHome;
}

const giveAway = (dir: string): void => {
  chownSync(dir, 65534, 65534);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) giveAway(path);
    else chownSync(path, 65534, 65534);
  }
};

describe("a code cache someone else could have written", () => {
  it.each([
    ["others can write", (dir: string) => chmodTree(dir, 0o777)],
    ["the group can write", (dir: string) => chmodTree(dir, 0o770)],
  ])("in a directory %s is neither run nor written", async (_, share) => {
    const cacheHome = await plantedCache(share);
    const before = snapshot(cacheHome);
    const result = await help({ XDG_CACHE_HOME: cacheHome });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Set and inspect LicenseSpring device variables.");
    expect(result.stdout).not.toContain("Xet");
    expect(snapshot(cacheHome)).toEqual(before);
  });

  it.skipIf(!isRoot)("in a directory another user owns is neither run nor written", async () => {
    const cacheHome = await plantedCache(giveAway);
    const before = snapshot(cacheHome);
    const result = await help({ XDG_CACHE_HOME: cacheHome });
    expect(result.stdout).toContain("Set and inspect LicenseSpring device variables.");
    expect(result.stdout).not.toContain("Xet");
    expect(snapshot(cacheHome)).toEqual(before);
  });
});

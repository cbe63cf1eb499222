import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The files `npm pack` would put in the tarball (nothing is built or written). */
function packedFiles(): Set<string> {
  const json = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return new Set(
    (JSON.parse(json) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path),
  );
}

describe("the packed tarball", () => {
  it("holds every file the README links to by a relative path", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const relative = [...readme.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
      .map((match) => match[1] ?? "")
      .filter((target) => !/^[a-z]+:/i.test(target));
    expect(relative.length).toBeGreaterThan(0);
    const packed = packedFiles();
    expect(relative.filter((target) => !packed.has(target.replace(/^\.\//, "")))).toEqual([]);
  });
});

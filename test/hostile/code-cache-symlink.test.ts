import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VERSION } from "../../src/core/version.js";
import { BIN, tempHome } from "../helpers/cli.js";
import { help } from "./code-cache-helpers.js";

describe("a code cache written where symlinks were planted", () => {
  it("follows none of them: the file they point to is left as it was", async () => {
    const home = tempHome();
    const victim = join(home, "victim.txt");
    writeFileSync(victim, "precious");
    const dir = join(home, ".cache", "licensectl", "v8");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const family = `${VERSION}-node${process.versions.node}-${process.arch}-root-cli.cjs`;
    const { size, mtimeMs } = statSync(join(BIN, "..", "..", "dist", "cli.cjs"));
    // The names a run may write to: the cache itself, and temporary names made of the cache and a pid.
    symlinkSync(victim, join(dir, `${family}.bin`));
    const last = Number(readFileSync("/proc/sys/kernel/ns_last_pid", "utf8"));
    for (let pid = last + 1; pid <= last + 400; pid++)
      symlinkSync(victim, join(dir, `${family}-${size}-${Math.trunc(mtimeMs)}.bin.${pid}.tmp`));
    const result = await help({ HOME: home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Set and inspect LicenseSpring device variables.");
    expect(readFileSync(victim, "utf8")).toBe("precious");
  });
});

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writePrivateFile, writePrivateFileAsync } from "../../src/core/safe-file.js";
import { tempHome } from "../helpers/cli.js";

const writers = [
  ["writePrivateFile", async (path: string, content: string) => writePrivateFile(path, content)],
  ["writePrivateFileAsync", writePrivateFileAsync],
] as const;

describe.each(writers)("%s", (_, write) => {
  it("replaces the file with the content, mode 0600, leaving nothing else in the directory", async () => {
    const dir = tempHome();
    const path = join(dir, "config.json");
    writeFileSync(path, "old", { mode: 0o644 });
    await write(path, "new");
    expect(readFileSync(path, "utf8")).toBe("new");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([".config", "config.json"]);
  });

  it("leaves the old file as it was, and no temporary file, when writing fails", async () => {
    const dir = tempHome();
    const path = join(dir, "config.json");
    writeFileSync(path, "old");
    await expect(write(path, undefined as unknown as string)).rejects.toThrow(TypeError);
    expect(readFileSync(path, "utf8")).toBe("old");
    expect(readdirSync(dir).sort()).toEqual([".config", "config.json"]);
  });

  it("fails with ENOENT when the directory does not exist", async () => {
    await expect(write(join(tempHome(), "missing", "config.json"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
  });
});

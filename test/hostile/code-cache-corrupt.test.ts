import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempHome } from "../helpers/cli.js";
import { filesUnder, help } from "./code-cache-helpers.js";

/** Flip 8 bytes of each file at a byte offset, or at a fraction of its length. */
const flip = (where: number) => (bytes: Buffer) => {
  const at = where < 1 ? Math.floor(bytes.length * where) : where;
  for (let i = at; i < at + 8 && i < bytes.length; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
  return bytes;
};

describe("a damaged code cache costs only speed", () => {
  it.each([
    ["8 bytes flipped at byte 64", flip(64)],
    ["8 bytes flipped at byte 200", flip(200)],
    ["8 bytes flipped in the middle", flip(0.5)],
    ["8 bytes flipped near the end", flip(0.9)],
    ["cut to half its size", (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1)],
  ])("%s: every later run works", async (_, damage) => {
    const home = tempHome();
    const first = await help({ HOME: home });
    expect(first.code).toBe(0);
    const files = filesUnder(join(home, ".cache"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) writeFileSync(file, damage(readFileSync(file)));
    for (let run = 0; run < 2; run++) {
      const result = await help({ HOME: home });
      expect(result).toMatchObject({ code: 0, signal: null, stdout: first.stdout });
    }
  });
});

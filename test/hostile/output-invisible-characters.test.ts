import { describe, expect, it } from "vitest";
import { escapeControl } from "../../src/output/escape-terminal.js";

/** Each character that must never reach a terminal raw, and how it is shown instead. */
const INVISIBLE: ReadonlyArray<readonly [name: string, char: string, shown: string]> = [
  ["NUL", "\u0000", "\\x00"],
  ["BEL", "\u0007", "\\x07"],
  ["ESC", "\u001b", "\\e"],
  ["DEL", "\u007f", "\\x7f"],
  ["C1 NEL", "\u0085", "\\x85"],
  ["C1 CSI", "\u009b", "\\x9b"],
  ["zero-width space", "\u200b", "\\u200b"],
  ["zero-width non-joiner", "\u200c", "\\u200c"],
  ["zero-width joiner", "\u200d", "\\u200d"],
  ["word joiner", "\u2060", "\\u2060"],
  ["byte-order mark", "\ufeff", "\\ufeff"],
  ["left-to-right mark", "\u200e", "\\u200e"],
  ["right-to-left mark", "\u200f", "\\u200f"],
  ["Arabic letter mark", "\u061c", "\\u061c"],
  ["LRE", "\u202a", "\\u202a"],
  ["RLO", "\u202e", "\\u202e"],
  ["LRI", "\u2066", "\\u2066"],
  ["PDI", "\u2069", "\\u2069"],
  ["line separator", "\u2028", "\\u2028"],
  ["paragraph separator", "\u2029", "\\u2029"],
  ["tag 0xE0000", "\u{e0000}", "\\u{e0000}"],
  ["language tag", "\u{e0001}", "\\u{e0001}"],
  ["tag A", "\u{e0041}", "\\u{e0041}"],
  ["cancel tag", "\u{e007f}", "\\u{e007f}"],
  ["soft hyphen", "\u00ad", "\\xad"],
  ["Hangul filler", "\u3164", "\\u3164"],
  ["lone surrogate", "\ud800", "\\ud800"],
];

describe("escapeControl", () => {
  it.each(INVISIBLE)("shows %s escaped", (_, char, shown) => {
    expect(escapeControl(`channel${char}`)).toBe(`channel${shown}`);
  });

  it("so a look-alike name never passes for the real one", () => {
    for (const [, char] of INVISIBLE) expect(escapeControl(`chan${char}nel`)).not.toBe("channel");
  });

  it("leaves printable text alone: accents, CJK, emoji, spaces", () => {
    const text = "café 日本語 👍 a\u00a0b ~!@#";
    expect(escapeControl(text)).toBe(text);
  });
});

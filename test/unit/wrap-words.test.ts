import { describe, expect, it } from "vitest";
import { wrapWords } from "../../src/output/wrap-words.js";

describe("wrapWords", () => {
  it("breaks a long line at spaces, continuing under the given column", () => {
    const line =
      "  Public key   publicKey in the config below (also served as pub_key by http://127.0.0.1:1/api/v4)";
    const wrapped = wrapWords(line, 60, 15).split("\n");
    expect(wrapped).toEqual([
      "  Public key   publicKey in the config below (also served as",
      "               pub_key by http://127.0.0.1:1/api/v4)",
    ]);
    expect(wrapped.every((l) => l.length <= 60)).toBe(true);
  });

  it("keeps a word wider than the line whole, on a line of its own", () => {
    const id = "0035969ec53f6e7f0fb40f08cc9ed4783aa99c2000cf1ebe4187c10dd0d8370f";
    expect(wrapWords(`device ${id} (1 variable)`, 40, 2).split("\n")).toEqual([
      "device",
      `  ${id}`,
      "  (1 variable)",
    ]);
  });

  it("leaves a line that fits, or any line without a terminal width, as it is", () => {
    expect(wrapWords("a  b", 10, 2)).toBe("a  b");
    expect(wrapWords("x ".repeat(100), undefined, 2)).toBe("x ".repeat(100));
  });
});

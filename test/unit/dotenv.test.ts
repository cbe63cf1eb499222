import { describe, expect, it } from "vitest";
import { parseDotenv } from "../../src/variables/dotenv.js";
import { serialiseDotenv } from "../helpers/dotenv.js";
import { thrownBy } from "../helpers/errors.js";

const values = (text: string) => parseDotenv(text, "test.env").map(({ key, value }) => [key, value]);

describe("parseDotenv", () => {
  it.each([
    ["a=1", [["a", "1"]]],
    ["a=1\n", [["a", "1"]]],
    [
      "a=1\r\nb=2\r\n",
      [
        ["a", "1"],
        ["b", "2"],
      ],
    ],
    ["  a = spaced out  ", [["a", "spaced out"]]],
    ["export A=1", [["A", "1"]]],
    ["export=1", [["export", "1"]]],
    ["a=", [["a", ""]]],
    ["a=x=y", [["a", "x=y"]]],
    ["a=b # comment", [["a", "b"]]],
    ["a=b\t# comment", [["a", "b"]]],
    ["a=#fff", [["a", "#fff"]]],
    ["a= # only a comment", [["a", ""]]],
    ["a=it's", [["a", "it's"]]],
    ["a='single # not a comment'", [["a", "single # not a comment"]]],
    ["a='lit\\n$x'", [["a", "lit\\n$x"]]],
    ["a=' padded '", [["a", " padded "]]],
    ["a='x' # comment", [["a", "x"]]],
    ['a="x"#comment', [["a", "x"]]],
    ['a="tab\\there\\nnew \\"q\\" back\\\\slash"', [["a", 'tab\there\nnew "q" back\\slash']]],
    ['a="\\$ unknown escape kept"', [["a", "\\$ unknown escape kept"]]],
    [
      'a="line 1\nline 2\n"\nb=2',
      [
        ["a", "line 1\nline 2\n"],
        ["b", "2"],
      ],
    ],
    ['a="crlf kept\r\ninside quotes"', [["a", "crlf kept\r\ninside quotes"]]],
    ["# comment\n\n   \n\ta=1\n# another", [["a", "1"]]],
    [
      "10=ten\nfeature.flag-x=on",
      [
        ["10", "ten"],
        ["feature.flag-x", "on"],
      ],
    ],
  ])("reads %j", (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it("records the line each entry starts on", () => {
    const entries = parseDotenv('# c\na=1\nb="x\ny"\nc=3', "test.env");
    expect(entries.map((e) => [e.key, e.line])).toEqual([
      ["a", 2],
      ["b", 3],
      ["c", 5],
    ]);
  });

  it.each([
    ["a", 1, "expected KEY=VALUE"],
    ["ok=1\nexport A", 2, "expected KEY=VALUE"],
    ["=1", 1, "the variable name is empty"],
    ["my key=1", 1, '"my key" is not a dotenv variable name'],
    ["n:=42", 1, "KEY:=JSON"],
    ["a='x", 1, "single quote is not closed"],
    ["a='x\ny'", 1, "single quote is not closed"],
    ['ok=1\na="x\n', 2, "double quote is never closed"],
    ["a='x' y", 1, 'unexpected "y" after the closing quote'],
    ['a="x\ny" z', 2, 'unexpected "z" after the closing quote'],
    ["a=1\nb=2\na=3", 3, '"a" is already set on line 1'],
  ])("refuses %j at line %i", (text, line, message) => {
    const error = thrownBy(() => parseDotenv(text, "test.env"));
    expect(error.kind).toBe("usage");
    expect(error.code).toBe("invalid_dotenv");
    expect(error.message).toContain(`test.env, line ${line}: `);
    expect(error.message).toContain(message);
  });
});

describe("serialiseDotenv", () => {
  it.each([
    ["plain", "a=plain\n"],
    ["", "a=\n"],
    [" padded", "a=' padded'\n"],
    ["x #y", "a='x #y'\n"],
    ["'quoted'", `a="'quoted'"\n`],
    ["multi\nline", 'a="multi\\nline"\n'],
    ['it\'s "both"\t\\\n', 'a="it\'s \\"both\\"\\t\\\\\\n"\n'],
  ])("writes %j in the plainest form that reads back", (value, expected) => {
    const text = serialiseDotenv([{ key: "a", value }]);
    expect(text).toBe(expected);
    expect(values(text)).toEqual([["a", value]]);
  });
});

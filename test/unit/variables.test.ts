import { describe, expect, it } from "vitest";
import {
  compareNames,
  inferValue,
  parseVariableArg,
  parseVariableArgs,
} from "../../src/variables/variable-args.js";
import { thrownBy } from "../helpers/errors.js";

describe("inferValue", () => {
  it.each([
    ["true", true],
    ["false", false],
    ["5", 5],
    ["-2.5", -2.5],
    ["0", 0],
    ["0.1", 0.1],
    ["9007199254740991", 9007199254740991],
  ])("types %j as %j", (text, expected) => {
    expect(inferValue(text)).toStrictEqual(expected);
  });

  it.each([
    "007",
    "1e3",
    "1.0",
    "+1",
    "-0",
    " 5",
    "5 ",
    "",
    "NaN",
    "Infinity",
    "-Infinity",
    "0x10",
    "9007199254740992",
    "9007199254740993",
    "1e21",
    "True",
    "FALSE",
    "yes",
  ])("keeps %j a string", (text) => {
    expect(inferValue(text)).toBe(text);
  });
});

describe("parseVariableArg", () => {
  it("splits on the first = so the value keeps later ones", () => {
    expect(parseVariableArg("url=https://a/?b=c")).toEqual({ key: "url", value: "https://a/?b=c" });
  });

  it("sends KEY= as the empty string", () => {
    expect(parseVariableArg("note=")).toEqual({ key: "note", value: "" });
  });

  it("treats every value as a string with --string", () => {
    expect(parseVariableArg("seats=5", { stringsOnly: true })).toEqual({ key: "seats", value: "5" });
    expect(parseVariableArg("beta=true", { stringsOnly: true })).toEqual({ key: "beta", value: "true" });
  });

  it.each([
    ["n:=42", 42],
    ["flag:=false", false],
    ['id:="007"', "007"],
    ["f:=-2.5e3", -2500],
    ['s:="a=b"', "a=b"],
  ])("parses %s as a JSON literal", (argument, expected) => {
    expect(parseVariableArg(argument).value).toStrictEqual(expected);
  });

  it("still honours := under --string", () => {
    expect(parseVariableArg("n:=42", { stringsOnly: true }).value).toBe(42);
  });

  it.each([
    ["o:={}", /not an object/],
    ["a:=[1]", /not an array/],
    ["z:=null", /not null/],
    ["bad:=nope", /not valid JSON/],
    ["big:=9007199254740993", /cannot be stored exactly/],
    ["inf:=1e400", /cannot be stored exactly/],
  ])("rejects %s as a usage error", (argument, message) => {
    const error = thrownBy(() => parseVariableArg(argument));
    expect(error.kind).toBe("usage");
    expect(error.message).toMatch(message);
    expect(error.message).toContain(argument);
  });

  it.each(["novalue", "=5", ":=5"])("rejects %j and names it", (argument) => {
    const error = thrownBy(() => parseVariableArg(argument));
    expect(error.kind).toBe("usage");
    expect(error.message).toContain(`"${argument}"`);
  });
});

describe("parseVariableArgs", () => {
  it("keeps arguments in order and types each", () => {
    const parsed = parseVariableArgs(["channel=beta", "seats=5", "beta:=true"]);
    expect([...parsed]).toEqual([
      ["channel", "beta"],
      ["seats", 5],
      ["beta", true],
    ]);
  });

  it("refuses a duplicate key and names the argument", () => {
    const error = thrownBy(() => parseVariableArgs(["a=1", "b=2", "a:=3"]));
    expect(error.code).toBe("duplicate_variable");
    expect(error.message).toContain('"a"');
    expect(error.message).toContain("a:=3");
  });

  it("keeps __proto__ as an ordinary variable name", () => {
    const parsed = parseVariableArgs(["__proto__=x"]);
    expect(Object.fromEntries(parsed)).toHaveProperty("__proto__", "x");
  });
});

describe("compareNames", () => {
  it("orders by code unit, numeric-looking names included", () => {
    expect(["b", "10", "a", "9", "B"].sort(compareNames)).toEqual(["10", "9", "B", "a", "b"]);
  });
});

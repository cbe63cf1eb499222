import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/commands/vars/set/read-variables-file.js";
import { parseJsonVariables } from "../../src/variables/json-variables.js";
import { thrownBy } from "../helpers/errors.js";
import { expectParsedOrRefused, trickyText } from "../helpers/properties.js";

const parsed = (text: string) => [...parseJsonVariables(text, "vars.json")];

describe("parseJsonVariables", () => {
  it("keeps each value's JSON type", () => {
    expect(parsed('{"s": "007", "n": 5, "f": -2.5, "b": false, "e": ""}\n')).toEqual([
      ["s", "007"],
      ["n", 5],
      ["f", -2.5],
      ["b", false],
      ["e", ""],
    ]);
  });

  it("keeps __proto__ and nested-looking names as ordinary variables", () => {
    expect(parsed('{"__proto__": "x", "a.b": "y"}')).toEqual([
      ["__proto__", "x"],
      ["a.b", "y"],
    ]);
  });

  it("accepts the same name inside a string value or a nested position without calling it a duplicate", () => {
    expect(parsed('{"a": "\\"a\\": 1", "b": "a"}')).toEqual([
      ["a", '"a": 1'],
      ["b", "a"],
    ]);
  });

  it.each([
    ["{", "invalid_json_file", "vars.json is not valid JSON"],
    ["[1]", "invalid_json_file", "not an array"],
    ["null", "invalid_json_file", "not null"],
    ['{"a": null}', "invalid_variable", '"a" must be a string, number or boolean, not null'],
    ['{"a": {"b": 1}}', "invalid_variable", '"a" must be a string, number or boolean, not an object'],
    ['{"a": [1]}', "invalid_variable", "not an array"],
    ['{"big": 9007199254740993}', "invalid_variable", '"big" cannot be stored exactly'],
    ['{"inf": 1e400}', "invalid_variable", '"inf" cannot be stored exactly'],
    ['{"a": 1, "b": 2, "a": 3}', "duplicate_variable", '"a" is given more than once'],
    ['{"a\\u0062": 1, "ab": 2}', "duplicate_variable", '"ab" is given more than once'],
  ])("refuses %s (%s)", (text, code, message) => {
    const error = thrownBy(() => parseJsonVariables(text, "vars.json"));
    expect(error).toMatchObject({ kind: "usage", code });
    expect(error.message).toContain(message);
  });

  it("calls a text a duplicate exactly when a name is given twice, however it is escaped (property)", () => {
    const name = fc.string({ unit: fc.constantFrom("a", '"', "\\", "{", "]", ":", " "), minLength: 1 });
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.boolean(), fc.boolean())), (entries) => {
        const pairs = entries.map(([key, escaped, nested]) => {
          const written = escaped ? JSON.stringify(key).replaceAll("a", "\\u0061") : JSON.stringify(key);
          return `${written} : ${nested ? '"[{\\"x\\": 1}]"' : "1"}`;
        });
        const text = `{${pairs.join(", ")}}`;
        const names = entries.map(([key]) => key);
        const given = () => parseJsonVariables(text, "vars.json");
        if (new Set(names).size === names.length) expect(given().size).toBe(names.length);
        else expect(thrownBy(given)).toMatchObject({ code: "duplicate_variable" });
      }),
    );
  });

  it("reads back any object (names not empty) of strings, exact numbers and booleans (property)", () => {
    const scalar = fc.oneof(fc.string({ unit: "binary" }), fc.maxSafeInteger(), fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary", minLength: 1 }), scalar), (object) => {
        expect(Object.fromEntries(parseJsonVariables(JSON.stringify(object), "stdin"))).toEqual(object);
      }),
    );
  });

  it("never crashes on any text: it parses or is a usage error (property)", () => {
    const text = fc.oneof(
      fc.dictionary(fc.string(), fc.jsonValue()).map((object) => JSON.stringify(object)),
      fc.json(),
      trickyText(["{", "}", "[", "]", '"', "\\", ":", ",", "a", "1", "null", " ", '"a"'], 20),
    );
    fc.assert(
      fc.property(text, (input) => expectParsedOrRefused(() => parseJsonVariables(input, "stdin"))),
      { numRuns: 2000 },
    );
  });
});

describe("detectFormat", () => {
  it.each([
    ['{"a": 1}', "json"],
    ['  \n\t{"a": 1}', "json"],
    ['\ufeff{"a": 1}', "json"],
    ["a=1", "dotenv"],
    ["# {not json}\na=1", "dotenv"],
    ["[1]", "json"],
  ])("reads %j as %s", (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

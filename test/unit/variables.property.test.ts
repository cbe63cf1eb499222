import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inferValue, parseVariableArg } from "../../src/variables/variable-args.js";
import { expectParsedOrRefused, trickyText } from "../helpers/properties.js";

// Pieces of KEY=VALUE and KEY:=JSON syntax, so random arguments reach the parser's corners.
const tricky = trickyText([...`=:"'-.e01a é\n\u0000`, ":=", "true", "false", "{}", "[", "null"], 12);

/** A name the parser reads back as itself: non-empty, no `=`, not ending in `:` (that makes KEY:=JSON). */
const name = fc
  .string({ unit: "binary", minLength: 1 })
  .filter((key) => !key.includes("=") && !key.endsWith(":"));

describe("parseVariableArg (property)", () => {
  it("never crashes: any argument either parses or is a usage error", () => {
    fc.assert(
      fc.property(tricky, fc.boolean(), (argument, stringsOnly) => {
        expectParsedOrRefused(
          () => parseVariableArg(argument, { stringsOnly }),
          ({ key, value }) => {
            expect(key).not.toBe("");
            expect(["string", "number", "boolean"]).toContain(typeof value);
          },
        );
      }),
      { numRuns: 2000 },
    );
  });

  it("gives back every KEY=VALUE exactly under --string", () => {
    fc.assert(
      fc.property(name, fc.string({ unit: "binary" }), (key, value) => {
        expect(parseVariableArg(`${key}=${value}`, { stringsOnly: true })).toEqual({ key, value });
      }),
      { numRuns: 1000 },
    );
  });
});

describe("inferValue (property)", () => {
  it("infers only what prints back to the same text", () => {
    fc.assert(
      fc.property(tricky, (text) => {
        expect(String(inferValue(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads every exactly storable number back from its own text", () => {
    const storable = fc.oneof(
      fc.maxSafeInteger(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    );
    fc.assert(
      fc.property(storable, (number) => {
        expect(inferValue(String(number))).toBe(number);
      }),
      { numRuns: 1000 },
    );
  });
});

import { describe, expect, it } from "vitest";
import type { VariableValue } from "../../src/variables/variable-args.js";
import { diffVariables, hasDifferences } from "../../src/variables/variable-diff.js";

const vars = (entries: Record<string, VariableValue>) => new Map(Object.entries(entries));

describe("diffVariables", () => {
  it.each([
    [{}, {}, { added: [], removed: [], changed: [], same: 0 }, false],
    [{ a: "1" }, { a: 1 }, { added: [], removed: [], changed: [], same: 1 }, false],
    [{ a: "x" }, {}, { added: [], removed: [{ variable: "a", value: "x" }], changed: [], same: 0 }, true],
    [{}, { b: true }, { added: [{ variable: "b", value: true }], removed: [], changed: [], same: 0 }, true],
    [
      { c: "x" },
      { c: "y" },
      { added: [], removed: [], changed: [{ variable: "c", a: "x", b: "y" }], same: 0 },
      true,
    ],
  ] as const)("%j against %j", (a, b, expected, differs) => {
    const diff = diffVariables(vars(a), vars(b));
    expect(diff).toEqual(expected);
    expect(hasDifferences(diff)).toBe(differs);
  });

  it("sorts each list by name", () => {
    const diff = diffVariables(vars({}), vars({ b: "1", a: "2" }));
    expect(diff.added.map((v) => v.variable)).toEqual(["a", "b"]);
  });
});

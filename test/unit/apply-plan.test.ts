import { describe, expect, it } from "vitest";
import { countApply, planApply, variablesToRemove, variablesToSend } from "../../src/variables/apply-plan.js";
import { storedAs } from "../../src/variables/stored-value.js";

const stored = (variable: string, value: string) => ({ variable, value });
const current = [
  stored("seats", "5.0"),
  stored("beta", "True"),
  stored("region", "eu"),
  stored("legacy", "x"),
];
const desired = new Map<string, string | number | boolean>([
  ["seats", 5],
  ["beta", true],
  ["region", "us"],
  ["tier", "gold"],
]);

describe("planApply", () => {
  it("adds what is new, changes what differs, keeps what the stored text stands for, sorted by name", () => {
    expect(planApply(current, desired, false)).toEqual([
      { variable: "beta", action: "same", old_value: "True", new_value: true },
      { variable: "region", action: "change", old_value: "eu", new_value: "us" },
      { variable: "seats", action: "same", old_value: "5.0", new_value: 5 },
      { variable: "tier", action: "add", old_value: null, new_value: "gold" },
    ]);
  });

  it("removes what the file does not name only when pruning", () => {
    expect(variablesToRemove(planApply(current, desired, false))).toEqual([]);
    expect(variablesToRemove(planApply(current, desired, true))).toEqual(["legacy"]);
  });

  it("counts the changes: add + change + remove, never the same", () => {
    expect(countApply(planApply(current, desired, true))).toEqual({
      add: 1,
      change: 1,
      remove: 1,
      same: 2,
      changes: 3,
    });
    expect(countApply(planApply(current, new Map([["seats", 5]]), false)).changes).toBe(0);
  });

  it("sends only what is new or different, and a variable named __proto__ stays a variable", () => {
    const plan = planApply([], new Map([["__proto__", "p"]]), false);
    const send = variablesToSend(plan);
    expect(Object.keys(send)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(send)).toBe(Object.prototype);
    expect(variablesToSend(planApply(current, desired, true))).toEqual({ region: "us", tier: "gold" });
  });

  it("treats a text that only looks like the number as a change for a string value", () => {
    expect(planApply([stored("v", "5.0")], new Map([["v", "5"]]), false)[0]?.action).toBe("change");
  });
});

describe("storedAs", () => {
  it("accepts the server's spellings of a number or boolean and nothing else", () => {
    expect(storedAs("5.0", 5)).toBe(true);
    expect(storedAs("TRUE", true)).toBe(true);
    expect(storedAs(" ", 0)).toBe(false);
    expect(storedAs("", 0)).toBe(false);
    expect(storedAs("yes", true)).toBe(false);
    expect(storedAs(null, "x")).toBe(false);
  });
});

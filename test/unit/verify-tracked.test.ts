import { describe, expect, it } from "vitest";
import { verifyTracked } from "../../src/commands/vars/set/fleet/verify-tracked.js";

const answer = (variable: string, value: string, device_id = 7) => ({
  variable,
  value,
  device_id,
  created_at: "2026-01-01T00:00:00.000Z",
});

describe("verifyTracked", () => {
  it("accepts an answer holding every variable sent, values as the service's strings", () => {
    expect(() =>
      verifyTracked([answer("a", "1"), answer("b", "true"), answer("c", "x")], { a: 1, b: true, c: "x" }),
    ).not.toThrow();
  });

  it.each([
    ["a variable is missing", [answer("a", "1")], "b is missing"],
    ["a value differs", [answer("a", "1"), answer("b", "other")], "b came back with another value"],
    ["two devices answered", [answer("a", "1", 7), answer("b", "x", 8)], "more than one device"],
  ])("refuses an answer where %s, as a verification error", (_, tracked, detail) => {
    expect(() => verifyTracked(tracked, { a: 1, b: "x" })).toThrow(detail);
    try {
      verifyTracked(tracked, { a: 1, b: "x" });
    } catch (error) {
      expect(error).toMatchObject({ kind: "verification", code: "unconfirmed_write" });
    }
  });
});

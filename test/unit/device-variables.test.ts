import { describe, expect, it } from "vitest";
import { normaliseVariables, toIsoUtc } from "../../src/api/device-variables.js";
import { thrownBy } from "../helpers/errors.js";

describe("normaliseVariables", () => {
  it("accepts the documented shape with created_at in milliseconds", () => {
    const body = [
      {
        variable: "first_variable",
        value: "cooling",
        device_id: 1698663677416479,
        created_at: 1698667364802,
      },
    ];
    expect(normaliseVariables(body, "track")).toEqual([
      {
        variable: "first_variable",
        value: "cooling",
        device_id: 1698663677416479,
        created_at: "2023-10-30T12:02:44.802Z",
      },
    ]);
  });

  it("accepts the older shape with id and an ISO created_at", () => {
    const body = [{ id: 7, created_at: "2025-07-04T11:01:35.000Z", variable: "v", value: "1", device_id: 5 }];
    expect(normaliseVariables(body, "get")).toEqual([
      { variable: "v", value: "1", device_id: 5, created_at: "2025-07-04T11:01:35.000Z" },
    ]);
  });

  it("sorts by name explicitly, numeric-looking names included", () => {
    const item = (variable: string) => ({ variable, value: "x", device_id: 1, created_at: 0 });
    const names = normaliseVariables([item("b"), item("10"), item("a"), item("9")], "get").map(
      (v) => v.variable,
    );
    expect(names).toEqual(["10", "9", "a", "b"]);
  });

  it("returns an empty list for an empty array", () => {
    expect(normaliseVariables([], "get")).toEqual([]);
  });

  it.each([
    [{ not: "an array" }, /expected a JSON array/],
    [[null], /not an object/],
    [[{ value: "x", device_id: 1, created_at: 0 }], /no "variable"/],
    [[{ variable: "v", value: { a: 1 }, device_id: 1, created_at: 0 }], /not a string, number or boolean/],
    [[{ variable: "v", value: "x", created_at: 0 }], /device_id/],
    [[{ variable: "v", value: "x", device_id: 1, created_at: "yesterday" }], /created_at/],
  ])("refuses a wrong shape as an invalid response (%j)", (body, message) => {
    const error = thrownBy(() => normaliseVariables(body, "get_device_variables"));
    expect(error.kind).toBe("network");
    expect(error.code).toBe("invalid_response");
    expect(error.message).toMatch(message);
  });
});

describe("toIsoUtc", () => {
  it.each([
    [1698667364802, "2023-10-30T12:02:44.802Z"],
    ["1698667364802", "2023-10-30T12:02:44.802Z"],
    ["2025-07-04T11:01:35Z", "2025-07-04T11:01:35.000Z"],
    ["2025-07-04T13:01:35+02:00", "2025-07-04T11:01:35.000Z"],
    ["2025-07-04 11:01:35", "2025-07-04T11:01:35.000Z"],
  ])("normalises %j to %s", (input, expected) => {
    expect(toIsoUtc(input, "v", "get")).toBe(expected);
  });
});

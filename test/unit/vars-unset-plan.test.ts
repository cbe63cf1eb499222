import { describe, expect, it } from "vitest";
import type { ManagementApi } from "../../src/api/management.js";
import { listDevices } from "../../src/api/management-device-listing.js";
import { listDeviceVariables } from "../../src/api/management-devices.js";
import { parseVariableNames } from "../../src/commands/vars/unset/unset-plan.js";
import { thrownBy } from "../helpers/errors.js";

describe("parseVariableNames", () => {
  it("keeps the order and counts a name given twice once", () => {
    expect(parseVariableNames(["b", "a", "b"])).toEqual(["b", "a"]);
  });

  it.each([
    ["", "A variable name is empty."],
    ["seats=5", "vars unset takes names, not KEY=VALUE"],
    ["=5", "vars unset takes names, not KEY=VALUE"],
  ])("refuses %j as a usage error", (name, message) => {
    const error = thrownBy(() => parseVariableNames(["ok", name]));
    expect(error).toMatchObject({ kind: "usage", code: "invalid_variable" });
    expect(error.message).toContain(message);
  });
});

/** Pages already fetched: these tests are about reading the items, not about HTTP. */
const listing = (items: unknown[]): ManagementApi => ({
  list: async () => items,
  delete: async () => {},
});

describe("reading Management API items", () => {
  it("accepts string IDs and a license given as an ID or an expanded object", async () => {
    const devices = await listDevices(
      listing([
        { id: "12", hardware_id: "hw", license: 3, device_active: true },
        { id: 13, hardware_id: "hw", license: { id: 4, license_key: "K" } },
      ]),
      { hardwareId: "hw" },
    );
    expect(
      devices.map(({ id, hardwareId, licenseId, licenseKey, active }) => ({
        id,
        hardwareId,
        licenseId,
        licenseKey,
        active,
      })),
    ).toEqual([
      { id: 12, hardwareId: "hw", licenseId: 3, licenseKey: undefined, active: true },
      { id: 13, hardwareId: "hw", licenseId: 4, licenseKey: "K", active: undefined },
    ]);
  });

  it("sorts variables by name and keeps number and boolean values", async () => {
    const variables = await listDeviceVariables(
      listing([
        { id: 2, variable: "b", value: 5, device: 1 },
        { id: "1", variable: "a", value: true, device: 1 },
      ]),
      1,
    );
    expect(variables).toEqual([
      { id: 1, variable: "a", value: true },
      { id: 2, variable: "b", value: 5 },
    ]);
  });

  it.each([
    [[{ id: 1, value: "x" }], 'has no "variable" name'],
    [[{ id: 1, variable: "a", value: null }], "not a string, number or boolean"],
    [[{ id: "x1", variable: "a", value: "1" }], "is not a numeric ID"],
    [["text"], "is not an object"],
  ])("refuses %j as an invalid response (exit 6)", async (items, detail) => {
    const error = await listDeviceVariables(listing(items), 1).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network", code: "invalid_response" });
    expect((error as Error).message).toContain(detail);
  });
});

import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { type HostileListings, startHostileManagementApi } from "./hostile-management-api.js";

const HWID = "hw-hostile-0001";
const DEVICE = 5;
const OTHER = 6;
const device = (id: number, hardwareId: string, license = 1001) => ({ id, hardware_id: hardwareId, license });
const variable = (id: number, name: string, owner: unknown) => ({
  id,
  variable: name,
  value: "v",
  device: owner,
});

/** `vars unset channel --yes --json` for HWID against a server that answers `listings` whatever it is asked. */
async function unsetAgainst(listings: HostileListings, extra: Record<string, string> = {}) {
  const server = await startHostileManagementApi(listings);
  const result = await runCli(["vars", "unset", "channel", "--yes", "--json"], {
    env: {
      LICENSECTL_MANAGEMENT_URL: server.url,
      LICENSECTL_MANAGEMENT_API_KEY: "hostile-test-management-key",
      LICENSECTL_HARDWARE_ID: HWID,
      ...extra,
    },
  });
  return { ...result, deletes: server.deletes() };
}

describe("vars unset against a Management API whose listings lie", () => {
  it("deletes nothing when the variable listing also holds another device's variable of that name (exit 7)", async () => {
    const run = await unsetAgainst({
      devices: [device(DEVICE, HWID)],
      variables: [variable(1, "channel", DEVICE), variable(2, "channel", OTHER)],
    });
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
    expect(errorOf(run.stderr)).toMatchObject({ code: "listing_mismatch" });
    expect(errorOf(run.stderr).message).toContain(`"channel", which belongs to device ${OTHER}`);
  });

  it("deletes nothing when the listing holds one name twice for the device", async () => {
    const run = await unsetAgainst({
      devices: [device(DEVICE, HWID)],
      variables: [variable(1, "channel", DEVICE), variable(2, "channel", DEVICE)],
    });
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
    expect(errorOf(run.stderr).message).toContain('"channel" more than once');
  });

  it("deletes nothing when a variable does not say which device it belongs to", async () => {
    const run = await unsetAgainst({
      devices: [device(DEVICE, HWID)],
      variables: [{ id: 1, variable: "channel", value: "v" }],
    });
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
  });

  it("refuses a device search that answers with another hardware ID's device, and says what to do", async () => {
    const run = await unsetAgainst({
      devices: [device(OTHER, "hw-someone-else")],
      variables: [variable(1, "channel", OTHER)],
    });
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
    const error = errorOf(run.stderr);
    expect(error.message).toContain(`device ${OTHER} (hardware ID hw-someone-else`);
    expect(error.hint).toContain("LICENSECTL_MANAGEMENT_URL");
  });

  it("refuses a device search that answers with a device of another license than the one asked for", async () => {
    const run = await unsetAgainst(
      { devices: [device(DEVICE, HWID, 2002)], variables: [variable(1, "channel", DEVICE)] },
      { LICENSECTL_LICENSE_ID: "1001" },
    );
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
    expect(errorOf(run.stderr).message).toContain("license 2002");
  });

  it("refuses a device listing that does not name a hardware ID at all", async () => {
    const run = await unsetAgainst({ devices: [{ id: DEVICE, license: 1001 }], variables: [] });
    expect(run.deletes).toEqual([]);
    expect(run.code).toBe(7);
  });

  it("still deletes exactly the one proven variable when the listing is honest", async () => {
    const run = await unsetAgainst({
      devices: [device(DEVICE, HWID)],
      variables: [variable(1, "channel", DEVICE), variable(2, "other", DEVICE)],
    });
    expect(run.code).toBe(0);
    expect(run.deletes).toEqual(["DELETE /api/v1/device-variables/1/"]);
  });
});

import { describe, expect, it } from "vitest";
import { errorOf, runCli } from "../helpers/cli.js";
import { writeDevicesFile } from "../helpers/fleet.js";
import { type HostileRequest, hostileManagementEnv, startHostileServer } from "../helpers/hostile-server.js";

const HWID = "hw-hostile";
const DEVICE = 5;
const device = { id: DEVICE, hardware_id: HWID, license: 1001 };
const variable = (id: number, name: string, value = "v") => ({ id, variable: name, value, device: DEVICE });

/**
 * A Management API that lists the device, then answers the variable listing page by page with `page(n)`
 * (n from 0; `next` set while `more(n)`), and accepts every DELETE.
 */
async function pagedManagement(page: (n: number) => unknown[], more: (n: number) => boolean, delayMs = 0) {
  return startHostileServer((request: HostileRequest) => {
    if (request.method === "DELETE") return { status: 204, text: "" };
    if (request.path.endsWith("/devices/")) return { json: { count: 1, next: null, results: [device] } };
    const n = Number(request.query.page ?? "0");
    const next = more(n) ? `${request.path}?device=${DEVICE}&page=${n + 1}` : null;
    return { json: { next, results: page(n) }, delayMs };
  });
}

const deletes = (requests: readonly HostileRequest[]) => requests.filter((r) => r.method === "DELETE");

describe("the Management device-variables listing is bounded like devices and licenses (exit 6, nothing deleted)", () => {
  it("refuses a listing of more than 10,000 variables before deleting anything", async () => {
    // 200 a page whatever `limit` asks: 51 pages end at 10,200 variables, short of the 100-page bound.
    const server = await pagedManagement(
      (n) =>
        Array.from({ length: 200 }, (_, i) =>
          variable(n * 200 + i + 1, n === 0 && i === 0 ? "channel" : `v${n}-${i}`),
        ),
      (n) => n < 50,
    );
    const run = await runCli(["vars", "unset", "channel", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    expect(run.code).toBe(6);
    expect(deletes(server.requests)).toEqual([]);
    expect(errorOf(run.stderr)).toMatchObject({ code: "listing_too_long" });
  });

  it("refuses a listing heavier than 32 MB, all pages together, before deleting anything", async () => {
    const big = "x".repeat(1024 * 1024);
    const server = await pagedManagement(
      (n) => [variable(n + 1, n === 0 ? "channel" : `big${n}`, big)],
      (n) => n < 39,
    );
    const run = await runCli(["vars", "unset", "channel", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    expect(run.code).toBe(6);
    expect(deletes(server.requests)).toEqual([]);
    expect(errorOf(run.stderr)).toMatchObject({ code: "listing_too_large" });
    expect(server.requests.length).toBeLessThan(40);
  });

  it("--timeout is one budget for the whole listing, not one per page", async () => {
    // Every page takes 200 ms, each well within the budget of 700 ms; twelve of them together do not fit.
    const server = await pagedManagement(
      (n) => [variable(n + 1, n === 0 ? "channel" : `v${n}`)],
      (n) => n < 11,
      200,
    );
    const run = await runCli(
      ["vars", "unset", "channel", "--yes", "--json", "--timeout", "700", "--retries", "0"],
      {
        env: hostileManagementEnv(server),
      },
    );
    expect(run.code).toBe(6);
    expect(deletes(server.requests)).toEqual([]);
    expect(server.requests.filter((r) => r.path.endsWith("/device-variables/")).length).toBeLessThan(12);
  });

  it("refuses a listing where two variables share one ID (a second DELETE of that ID)", async () => {
    const server = await pagedManagement(
      () => [variable(7, "channel"), variable(7, "wave")],
      () => false,
    );
    const run = await runCli(["vars", "unset", "channel", "wave", "--yes", "--json"], {
      env: hostileManagementEnv(server),
    });
    expect(run.code).toBe(7);
    expect(deletes(server.requests)).toEqual([]);
    expect(errorOf(run.stderr)).toMatchObject({ code: "listing_mismatch" });
  });
});

describe("a device listing that names one device twice is refused", () => {
  it("devices list does not list (or act on) a device twice (exit 7)", async () => {
    const server = await startHostileServer(() => ({
      json: { count: 2, next: null, results: [device, device] },
    }));
    const run = await runCli(["devices", "list", "--json", "--license-id", "1001"], {
      env: hostileManagementEnv(server, { LICENSECTL_HARDWARE_ID: "" }),
    });
    expect(run.code).toBe(7);
    expect(run.stdout).toBe("");
    expect(errorOf(run.stderr).message).toContain(`device ${DEVICE} twice`);
  });
});

describe("a devices file whose header names a column twice", () => {
  it("is a usage error naming the column, with nothing sent (exit 2)", async () => {
    const server = await startHostileServer(() => ({ status: 500, json: {} }));
    const file = writeDevicesFile("hardware_id,license_key,hardware_id\nhw-a,K,hw-b\n");
    const run = await runCli(["vars", "set", "x=1", "--devices", file, "--json"], {
      env: {
        ...hostileManagementEnv(server),
        LICENSECTL_API_URL: server.apiUrl,
        LICENSECTL_API_KEY: "k",
        LICENSECTL_SHARED_KEY: "s",
        LICENSECTL_PRODUCT: "demo",
      },
    });
    expect(run.code).toBe(2);
    expect(server.requests).toEqual([]);
    expect(errorOf(run.stderr)).toMatchObject({
      code: "invalid_devices_file",
      lines: ['line 1: column 3 is named "hardware_id" like column 1: name each field once'],
    });
  });
});

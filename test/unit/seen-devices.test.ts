import { describe, expect, it } from "vitest";
import type { LicenseApi } from "../../src/api/client.js";
import { seenDevices } from "../../src/api/seen-devices.js";
import { advised } from "../../src/sessions/error-advice.js";

function client(): LicenseApi {
  return {
    get: async () => [],
    post: async () => [],
    clock: { now: () => new Date(0), offsetMs: () => 0 },
  };
}

const advice = {
  urlKey: "apiUrl",
  url: { value: "http://127.0.0.1:1", source: { type: "default" } },
} as const;

describe("the seen-device ledger of one run", () => {
  it("is shared by every advised wrapper of one client (one per hardware ID, as vars diff reads)", () => {
    const api = client();
    seenDevices(advised(api, advice)).note("hw-a", 42, "/get");
    expect(() => seenDevices(advised(api, advice)).note("hw-b", 42, "/get")).toThrow(/device_id 42/);
  });

  it("is not shared between two clients (two runs)", () => {
    seenDevices(client()).note("hw-a", 42, "/get");
    expect(() => seenDevices(client()).note("hw-b", 42, "/get")).not.toThrow();
  });
});

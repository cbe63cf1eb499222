import { describe, expect, it } from "vitest";
import { parseFloodLimitOption } from "../../src/commands/emulator/flood-limit-option.js";
import { DOCUMENTED_FLOOD_LIMITS } from "../../src/emulator/server.js";
import { deviceIdentity, signedRequest, startTestEmulator } from "../helpers/emulator.js";

const get = (emulator: Awaited<ReturnType<typeof startTestEmulator>>) =>
  signedRequest(emulator, "get_device_variables", { query: deviceIdentity() });

describe("emulator flood limits", () => {
  it("answers 429 with Retry-After past the per-credential limit, and counts only what it admitted", async () => {
    const emulator = await startTestEmulator({
      floodLimits: { perCredential: [{ requests: 3, windowMs: 1_000 }], perIp: [] },
    });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await get(emulator));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[3];
    expect(refused?.headers.get("retry-after")).toBe("1");
    expect(await refused?.json()).toMatchObject({ status: 429, code: "too_many_requests" });
    expect(emulator.requests.map((r) => r.status)).toEqual([200, 200, 200, 429, 429]);
  });

  it("admits requests again once the window has moved on", async () => {
    const emulator = await startTestEmulator({
      floodLimits: { perCredential: [{ requests: 2, windowMs: 300 }], perIp: [] },
    });
    expect([
      (await get(emulator)).status,
      (await get(emulator)).status,
      (await get(emulator)).status,
    ]).toEqual([200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await get(emulator)).status).toBe(200);
  });

  it("limits each IP address across credentials: the management API counts too", async () => {
    const emulator = await startTestEmulator({
      floodLimits: { perCredential: [], perIp: [{ requests: 2, windowMs: 10_000 }] },
    });
    expect((await get(emulator)).status).toBe(200);
    expect(
      (
        await fetch(`${emulator.managementUrl}/devices/?hardware_id=x`, {
          headers: { Authorization: "Api-Key nope" },
        })
      ).status,
    ).toBe(401);
    const third = await get(emulator);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThanOrEqual(9);
  });

  it("enforces nothing unless asked (startEmulator), the documented limits for `licensectl emulator`", async () => {
    const emulator = await startTestEmulator();
    const statuses = await Promise.all(Array.from({ length: 60 }, () => get(emulator).then((r) => r.status)));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(parseFloodLimitOption(undefined)).toEqual(DOCUMENTED_FLOOD_LIMITS);
  });
});

describe("--flood-limit", () => {
  it.each([
    ["off", undefined],
    ["50/1s", { perCredential: [{ requests: 50, windowMs: 1_000 }], perIp: [] }],
    [
      "50/1s,ip:200/10s",
      { perCredential: [{ requests: 50, windowMs: 1_000 }], perIp: [{ requests: 200, windowMs: 10_000 }] },
    ],
    ["ip:5/100ms", { perCredential: [], perIp: [{ requests: 5, windowMs: 100 }] }],
  ])("reads %s", (text, limits) => {
    expect(parseFloodLimitOption(text)).toEqual(limits);
  });

  it("refuses what is not a list of limits, as a usage error", () => {
    expect(() => parseFloodLimitOption("50 per second")).toThrow(
      /--flood-limit "50 per second" is not a list of limits/,
    );
  });
});

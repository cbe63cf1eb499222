import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { advertisedOrigin, generateSigningKeys, startEmulator } from "../../src/emulator/server.js";
import { startTestEmulator, testSeed } from "../helpers/emulator.js";

describe("advertisedOrigin", () => {
  it.each<[string, AddressInfo["family"], string]>([
    ["0.0.0.0", "IPv4", "http://127.0.0.1:8787"],
    ["::", "IPv6", "http://[::1]:8787"],
    ["127.0.0.1", "IPv4", "http://127.0.0.1:8787"],
    ["::1", "IPv6", "http://[::1]:8787"],
    ["192.168.1.20", "IPv4", "http://192.168.1.20:8787"],
    ["fe80::1", "IPv6", "http://[fe80::1]:8787"],
  ])("advertises a server bound to %s (%s) as %s", (address, family, origin) => {
    expect(advertisedOrigin({ address, family, port: 8787 })).toBe(origin);
  });
});

describe("emulator request recording", () => {
  it("keeps no request by default, as `licensectl emulator` runs it, so a long run does not grow", async () => {
    const emulator = await startEmulator({ seed: testSeed(), keyPair: generateSigningKeys() });
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${emulator.apiUrl}/.well-known`)).status).toBe(200);
      expect(emulator.requests).toEqual([]);
    } finally {
      await emulator.close();
    }
  });

  it("records every request answered, with its status, when asked (the test emulator)", async () => {
    const emulator = await startTestEmulator();
    await fetch(`${emulator.apiUrl}/.well-known`);
    await fetch(`${emulator.apiUrl}/nowhere`);
    expect(emulator.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/api/v4/.well-known", 200],
      ["GET", "/api/v4/nowhere", 404],
    ]);
  });
});

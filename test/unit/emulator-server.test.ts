import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { advertisedOrigin } from "../../src/emulator/server.js";

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

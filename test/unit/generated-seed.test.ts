import { describe, expect, it } from "vitest";
import { withGeneratedFleet } from "../../src/emulator/generated-seed.js";
import { checkSeed } from "../../src/emulator/seed-check.js";
import { createState, toSeed } from "../../src/emulator/state.js";

const base = { products: [{ code: "demo" }], licenses: [] };

describe("emulator --devices seeding", () => {
  it("generates the same licenses and devices on every run", () => {
    expect(withGeneratedFleet(base, { devices: 25 })).toEqual(withGeneratedFleet(base, { devices: 25 }));
  });

  it("spreads devices round-robin over one license per ten devices by default, or as many as asked", () => {
    const counts = (seed: ReturnType<typeof withGeneratedFleet>) =>
      seed.licenses.map((l) => l.devices?.length);
    expect(counts(withGeneratedFleet(base, { devices: 25 }))).toEqual([9, 8, 8]);
    expect(counts(withGeneratedFleet(base, { devices: 5, licenses: 2 }))).toEqual([3, 2]);
  });

  it("keeps device details through a --data snapshot, which the seed check accepts", () => {
    const seed = withGeneratedFleet(base, { devices: 3 });
    const snapshot = JSON.parse(JSON.stringify(toSeed(createState(seed, 0))));
    expect(checkSeed(snapshot, "Data file x").licenses[0]?.devices?.[1]).toMatchObject({
      os: "windows",
      hostname: "host-00002",
      appVer: "1.1.0",
      lastCheck: Date.UTC(2026, 0, 1, 0, 1),
    });
  });
});

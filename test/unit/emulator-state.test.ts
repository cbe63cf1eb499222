import { describe, expect, it } from "vitest";
import { createState, toSeed } from "../../src/emulator/state.js";

const minimal = { products: [{ code: "demo" }], licenses: [] };

describe("emulator Management API keys", () => {
  it("generates one when the seed has none, and keeps it through a snapshot", () => {
    const state = createState(minimal, 0);
    const [generated] = state.managementApiKeys;
    expect(generated).toMatch(/^emu-mgmt-[\w-]{24}$/);
    expect([...createState(toSeed(state), 0).managementApiKeys]).toEqual([generated]);
  });

  it("uses the seed's keys as given", () => {
    expect([...createState({ ...minimal, managementApiKeys: ["k1", "k2"] }, 0).managementApiKeys]).toEqual([
      "k1",
      "k2",
    ]);
  });
});

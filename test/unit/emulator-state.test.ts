import { describe, expect, it } from "vitest";
import { checkSeed } from "../../src/emulator/seed.js";
import { createState, toSeed } from "../../src/emulator/state.js";
import { thrownBy } from "../helpers/errors.js";

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

  it.each([[["ok", ""]], ["k1"], [[1]]])("refuses managementApiKeys %j in a seed file", (keys) => {
    const error = thrownBy(() => checkSeed({ ...minimal, managementApiKeys: keys }, "seed.json"));
    expect(error).toMatchObject({ kind: "config", code: "invalid_seed" });
    expect(error.message).toContain('"managementApiKeys" must be an array of non-empty strings');
  });
});

import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDataStore } from "../../src/emulator/persistence.js";
import { tempHome } from "../helpers/cli.js";

describe("createDataStore", () => {
  it("resolves persist() only once a snapshot with the caller's change is on disk, mode 0600", async () => {
    const path = join(tempHome(), "state.json");
    let value = 0;
    const store = createDataStore(path, () => String(value));
    value = 1;
    const first = store.persist();
    value = 2;
    const second = store.persist();
    await second;
    expect(readFileSync(path, "utf8")).toBe("2");
    await first;
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("shares one write among callers that arrive before it starts, and queues the rest after it", async () => {
    const path = join(tempHome(), "state.json");
    let value = 0;
    const store = createDataStore(path, () => String(value));
    const together = [1, 2, 3].map((v) => {
      value = v;
      return store.persist();
    });
    await Promise.resolve(); // the shared write has started: a new caller must wait for the next one
    value = 4;
    const later = store.persist();
    await Promise.all([...together, later]);
    expect(readFileSync(path, "utf8")).toBe("4");
    expect(store.writes).toBe(2);
  });
});

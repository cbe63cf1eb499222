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

  it("shares one write among callers that arrive before it starts; a later caller gets its own", async () => {
    const path = join(tempHome(), "state.json");
    let value = 0;
    const store = createDataStore(path, () => String(value));
    const together = [1, 2, 3].map((v) => {
      value = v;
      return store.persist();
    });
    await Promise.all(together);
    expect(store.writes).toBe(1);
    expect(readFileSync(path, "utf8")).toBe("3");
    value = 4;
    await store.persist();
    expect(store.writes).toBe(2);
    expect(readFileSync(path, "utf8")).toBe("4");
  });
});

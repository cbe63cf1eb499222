import { describe, expect, it } from "vitest";
import { compareFileHardwareId } from "../../src/hardware-id/compare-file-id.js";
import type { HardwareIdMethod } from "../../src/hardware-id/derive-hardware-id.js";

/** This machine as each rule sees it: injected, so the verdicts do not depend on the machine running the test. */
const machine = (ids: Partial<Record<HardwareIdMethod, string>>) => async (method: HardwareIdMethod) => {
  const value = ids[method];
  if (value === undefined) throw new Error("no machine ID");
  return { value, detail: `derived by ${method}` };
};

describe("the license file's hardware ID against what this machine derives", () => {
  it("names the SDK's own rule when it gives the file's ID", async () => {
    const same = await compareFileHardwareId(
      "aa",
      "linux",
      machine({ licensespring: "aa", "node-machine-id": "bb" }),
    );
    expect(same.matches).toBe("licensespring");
    expect(same.verdict).toMatch(/^the app uses the SDK's own rule: hardwareIDMethod 0 \(Default\) or 4/);
  });

  it("names node-machine-id's ID, which an app can only pass as its own hardwareID", async () => {
    const legacy = await compareFileHardwareId(
      "bb",
      "linux",
      machine({ licensespring: "aa", "node-machine-id": "bb" }),
    );
    expect(legacy.matches).toBe("node-machine-id");
    expect(legacy.verdict).toContain("passes node-machine-id's ID as its own hardwareID");
  });

  it("names an app-supplied ID or method 5 when no rule gives it, and the Windows methods on Windows", async () => {
    const linux = await compareFileHardwareId("custom", "linux", machine({ licensespring: "aa" }));
    expect(linux.matches).toBeNull();
    expect(linux.derived).toEqual([
      { method: "licensespring", id: "aa" },
      { method: "node-machine-id", id: null },
    ]);
    expect(linux.verdict).toMatch(
      /^no rule licensectl knows gives it here: the app passes its own hardwareID, or uses hardwareIDMethod 5/,
    );
    const windows = await compareFileHardwareId("custom", "win32", machine({ licensespring: "aa" }));
    expect(windows.verdict).toContain("hardwareIDMethod 1, 2 or 3 (Windows hardware fingerprint");
  });
});

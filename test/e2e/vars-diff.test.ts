import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded } from "../helpers/cli.js";
import { apiKeyEnv, HWID, startTestEmulator, testSeed } from "../helpers/emulator.js";

const A = "hw-0400-diff-a";
const B = "hw-0401-diff-b";
/** The same variables as HWID's device on the key-based license. */
const TWIN = "hw-0402-twin";
let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    { hardwareId: A, variables: { same: "1", changed: "x", removed: "r", "10": "t" } },
    { hardwareId: B, variables: { same: 1, changed: "y", added: "\u001b[2Jn", "10": "t" } },
    { hardwareId: TWIN, variables: { region: "eu-west", "10": "ten", "9": "nine" } },
  );
  emulator = await startTestEmulator({ seed });
});

const diff = (args: string[]) =>
  runRecorded(emulator, ["vars", "diff", ...args], { env: apiKeyEnv(emulator) });

describe("vars diff", () => {
  it("prints added, removed and changed variables and the count of the same, as JSON", async () => {
    const result = await diff([A, B, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      a: A,
      b: B,
      added: [{ variable: "added", value: "\u001b[2Jn" }],
      removed: [{ variable: "removed", value: "r" }],
      changed: [{ variable: "changed", a: "x", b: "y" }],
      same: 2,
    });
    const asked = result.requests.map((r) => r.query.hardware_id);
    expect(asked.sort()).toEqual([A, B]);
    expect(result.requests.every((r) => r.path === "/api/v4/get_device_variables")).toBe(true);
  });

  it("shows people one row per difference, escaped, under a caption naming A and B (--debug in a pipe)", async () => {
    const result = await diff([A, B, "--debug"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`A ${A} · B ${B}: 1 added, 1 removed, 1 changed, 2 the same`);
    expect(result.stdout.split("\n")).toEqual([
      "VARIABLE  DIFF     A  B",
      "added     added    -  \\e[2Jn",
      "removed   removed  r  -",
      "changed   changed  x  y",
      "",
    ]);
  });

  it("exits 0 and says so on stderr when the devices hold the same variables", async () => {
    const result = await diff([HWID, TWIN]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("No differences: 0 added, 0 removed, 0 changed, 3 the same");
  });

  it("refuses the same hardware ID twice (exit 2) and a device the license does not have (exit 5)", async () => {
    const same = await diff([A, A, "--json"]);
    expect(same.code).toBe(2);
    expect(errorOf(same.stderr).message).toContain("both hardware IDs are the same");
    expect(same.requests).toEqual([]);
    const missing = await diff([A, "hw-0499-nowhere", "--json"]);
    expect(missing.code).toBe(5);
    expect(errorOf(missing.stderr)).toMatchObject({ code: "device_not_found" });
  });

  it("names in its hint the hardware ID each side sent and which side it was, not the configured one", async () => {
    for (const [args, sent, side] of [
      [[A, "hw-0498-missing-b"], "hw-0498-missing-b", "argument B"],
      [["hw-0497-missing-a", B], "hw-0497-missing-a", "argument A"],
    ] as const) {
      const result = await diff([...args, "--json"]);
      expect(result.code).toBe(5);
      const hint = String(errorOf(result.stderr).hint);
      expect(hint).toContain(`Sent hardware ID ${sent} (${side}).`);
      expect(hint).not.toContain(HWID);
      // The side was given on the command line: --hardware-id would change nothing here.
      expect(hint).not.toContain("--hardware-id");
      expect(hint).toContain("licensectl devices list");
    }
  });
});

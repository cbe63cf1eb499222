import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded } from "../helpers/cli.js";
import { apiKeyEnv, EMPTY_HWID, HWID, startTestEmulator, testSeed } from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  const device = seed.licenses[0]?.devices?.[0];
  if (!device) throw new Error("the test seed has no device");
  device.variables = { ...device.variables, multi: "line 1\nline 2\n", esc: "\u001b[2Jred" };
  emulator = await startTestEmulator({ seed });
});

const run = (args: string[], env = apiKeyEnv(emulator)) => runRecorded(emulator, args, { env });

describe("vars get", () => {
  it("prints each raw value on its own line in argument order, from one GET", async () => {
    const result = await run(["vars", "get", "region", "9", "10"]);
    expect(result).toMatchObject({ code: 0, stdout: "eu-west\nnine\nten\n", stderr: "" });
    expect(result.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/api/v4/get_device_variables"]]);
  });

  it("prints values raw, control characters and newlines included, for $(…)", async () => {
    const result = await run(["vars", "get", "esc", "multi"]);
    expect(result).toMatchObject({ code: 0, stdout: "\u001b[2Jred\nline 1\nline 2\n\n", stderr: "" });
  });

  it("fails with exit 5 and variable_not_found naming every missing key, with the device's names as a hint", async () => {
    const result = await run(["vars", "get", "region", "nope", "other"]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `error: No variables "nope", "other" on the device with hardware ID ${HWID} (env LICENSECTL_HARDWARE_ID). (variable_not_found)`,
    );
    expect(result.stderr).toContain(
      "hint: The device has: 10, 9, esc, multi, region. Pass --default <value>",
    );
  });

  it("says the device has no variables when it has none", async () => {
    const result = await run(
      ["vars", "get", "x"],
      apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: EMPTY_HWID }),
    );
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('No variable "x" on the device');
    expect(result.stderr).toContain("The device has no variables.");
  });

  it("prints --default for a missing key and exits 0", async () => {
    const result = await run(["vars", "get", "--default", "fallback", "nope", "region"]);
    expect(result).toMatchObject({ code: 0, stdout: "fallback\neu-west\n", stderr: "" });
  });

  it("accepts an empty --default", async () => {
    const result = await run(["vars", "get", "nope", "--default", ""]);
    expect(result).toMatchObject({ code: 0, stdout: "\n", stderr: "" });
  });

  it("prints one JSON object in argument order with --json, the default filling missing keys", async () => {
    const result = await run(["vars", "get", "--json", "9", "multi", "10", "nope", "--default", "d"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      '{\n  "9": "nine",\n  "multi": "line 1\\nline 2\\n",\n  "10": "ten",\n  "nope": "d"\n}\n',
    );
  });

  it("reports a missing key as one JSON error on stderr with --json", async () => {
    const result = await run(["vars", "get", "--json", "nope"]);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe("");
    expect(errorOf(result.stderr)).toMatchObject({ kind: "api", code: "variable_not_found", exit_code: 5 });
  });
});

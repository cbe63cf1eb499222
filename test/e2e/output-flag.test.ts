import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli } from "../helpers/cli.js";
import { apiKeyEnv, HWID, managementEnv, startTestEmulator } from "../helpers/emulator.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

const env = () => ({ ...apiKeyEnv(emulator), ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: HWID }) });

/** Commands that print data, each with a name unique to its run where it writes. */
const COMMANDS: ReadonlyArray<readonly [string, () => string[]]> = [
  ["vars get", () => ["vars", "get", "region"]],
  ["vars set", () => ["vars", "set", "o_set=1"]],
  ["vars list", () => ["vars", "list"]],
  ["device id", () => ["device", "id"]],
  ["config show", () => ["config", "show"]],
  ["doctor", () => ["doctor", "--no-verify-signature"]],
];

describe("-o json is --json, on every command that prints data", () => {
  it.each(COMMANDS)("%s", async (_name, args) => {
    const short = await runCli([...args(), "--json"], { env: env() });
    const long = await runCli([...args(), "-o", "json"], { env: env() });
    expect(long.code).toBe(short.code);
    const shape = (text: string) =>
      JSON.stringify(JSON.parse(text), (key, value) =>
        /^(created_at|value|detail|device_id)$/.test(key) ? typeof value : value,
      );
    expect(shape(long.stdout)).toBe(shape(short.stdout));
  });

  it("vars unset", async () => {
    await runCli(["vars", "set", "o_unset=1"], { env: env() });
    const result = await runCli(
      ["vars", "unset", "o_unset", "--yes", "--license-id", "1001", "--output", "json"],
      {
        env: env(),
      },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([expect.objectContaining({ variable: "o_unset", value: "1" })]);
  });
});

describe("the other formats, where they make sense", () => {
  it("vars get -o env and -o tsv", async () => {
    const envOut = await runCli(["vars", "get", "region", "9", "-o", "env"], { env: env() });
    expect(envOut.stdout).toBe("region='eu-west'\n");
    expect(envOut.stderr).toContain('skipped "9": not a shell variable name.');
    const tsv = await runCli(["vars", "get", "region", "9", "-o", "tsv"], { env: env() });
    expect(tsv.stdout).toBe("region\teu-west\n9\tnine\n");
  });

  it("vars set -o tsv prints what was stored as rows; with --dry-run, the plan as rows", async () => {
    const set = await runCli(["vars", "set", "o_tsv=2", "-o", "tsv"], { env: env() });
    expect(set.stdout).toContain("o_tsv\t2\n");
    const plan = await runCli(["vars", "set", "o_tsv=3", "region=eu-west", "--dry-run", "-o", "tsv"], {
      env: env(),
    });
    expect(plan.stdout).toBe("o_tsv\tchanged\t2\t3\nregion\tunchanged\teu-west\teu-west\n");
  });

  it("vars unset -o tsv", async () => {
    await runCli(["vars", "set", "o_gone=x"], { env: env() });
    const result = await runCli(["vars", "unset", "o_gone", "--yes", "--license-id", "1001", "-o", "tsv"], {
      env: env(),
    });
    expect(result.stdout).toBe("o_gone\tx\n");
  });

  it("device id -o env prints the line that pins the ID", async () => {
    const result = await runCli(["device", "id", "-o", "env"], { env: env() });
    expect(result.stdout).toBe(`LICENSECTL_HARDWARE_ID='${HWID}'\n`);
  });

  it("config show -o tsv and -o env: full values, secrets never", async () => {
    const tsv = await runCli(["config", "show", "-o", "tsv"], { env: env() });
    expect(tsv.stdout).toContain(`hardwareId\t${HWID}\tenv LICENSECTL_HARDWARE_ID\n`);
    const envOut = await runCli(["config", "show", "-o", "env"], { env: env() });
    expect(envOut.stdout).toContain(`LICENSECTL_API_URL='${emulator.apiUrl}'\n`);
    expect(envOut.stdout).not.toContain("LICENSECTL_SHARED_KEY");
    expect(envOut.stderr).toContain("Secrets are never printed");
    expect(envOut.stdout + envOut.stderr).not.toContain(apiKeyEnv(emulator).LICENSECTL_SHARED_KEY);
  });

  it.each([
    [["vars", "get", "region", "--json", "-o", "env"], "conflicting_options"],
    [["doctor", "-o", "tsv"], "invalid_argument"],
    [["device", "id", "-o", "tsv"], "invalid_argument"],
  ])("%j is a usage error (exit 2)", async (args, code) => {
    const result = await runCli(
      [...args, "--json"].slice(0, args.includes("--json") ? args.length : undefined),
      {
        env: env(),
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(code);
  });

  it("--output json makes errors JSON too", async () => {
    const result = await runCli(["vars", "get", "nope", "-o", "json"], { env: env() });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr)).toMatchObject({ code: "variable_not_found" });
  });
});

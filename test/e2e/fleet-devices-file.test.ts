import { execFileSync } from "node:child_process";
import { truncateSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_DEVICES_FILE_BYTES } from "../../src/commands/vars/set/fleet/read-devices-file.js";
import { errorOf, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, writeDevicesFile } from "../helpers/fleet.js";

describe("vars set --devices FILE, judged before anything is sent", () => {
  it("refuses a CSV with bad lines, naming each line, exit 2, nothing sent", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const file = writeDevicesFile(`${fleetCsv(2)}hw-x,K,extra\n,K\n`);
    const run = await runRecorded(emulator, ["--json", "vars", "set", "--yes", "a=1", "--devices", file], {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.requests).toEqual([]);
    const error = errorOf(run.stderr);
    expect(error).toMatchObject({ kind: "usage", code: "invalid_devices_file" });
    expect(error.lines).toContain("line 4: 3 fields where the header has 2");
    expect(error.lines).toContain("line 5: no hardware_id");
  });

  it("reports a header problem once, at line 1, with a did-you-mean, on real lines (not once per row)", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(1) });
    const body = Array.from({ length: 300 }, (_, i) => `hw-${i},K\n`).join("");
    const file = writeDevicesFile(`hardware_id,licence_key\n${body}`);
    const run = await runRecorded(emulator, ["vars", "set", "a=1", "--devices", file], {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.requests).toEqual([]);
    expect(run.stderr).toContain(
      `error: --devices ${file} has 1 problem; nothing was sent: (invalid_devices_file)\n  line 1: unknown column "licence_key" (did you mean "license_key"?)`,
    );
    expect(run.stderr).not.toContain("\\n");
    expect(run.stderr).not.toContain("line 2");
    const twice = writeDevicesFile("hardware_id,license_key,hardware_id\nhw-1,K,hw-2\n");
    const again = await runRecorded(emulator, ["vars", "set", "a=1", "--devices", twice], {
      env: apiKeyEnv(emulator),
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      'line 1: column 3 is named "hardware_id" like column 1: name each field once',
    );
  });

  it("refuses what is not a regular file (a FIFO would block) and a file over the size cap", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(1) });
    const dir = tempHome();
    const fifo = join(dir, "devices.fifo");
    execFileSync("mkfifo", [fifo]);
    const big = writeDevicesFile(fleetCsv(1));
    truncateSync(big, MAX_DEVICES_FILE_BYTES + 1);
    for (const [path, why] of [
      [fifo, "it is not a regular file"],
      [dir, "it is not a regular file"],
      [big, `more than the ${MAX_DEVICES_FILE_BYTES} allowed`],
      [join(dir, "missing.csv"), "no such file"],
    ] as const) {
      const run = await runRecorded(emulator, ["vars", "set", "--yes", "a=1", "--devices", path], {
        env: apiKeyEnv(emulator),
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(why);
      expect(run.requests).toEqual([]);
    }
  });

  it("refuses fleet flags without --devices or --all-devices, and both together", async () => {
    const emulator = await startTestEmulator();
    const alone = await runRecorded(emulator, ["vars", "set", "--yes", "a=1", "--rate", "5"], {
      env: apiKeyEnv(emulator),
    });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain("--rate applies to a run over many devices");
    const both = await runRecorded(
      emulator,
      ["vars", "set", "--yes", "a=1", "--devices", "x.csv", "--all-devices"],
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--devices and --all-devices both name the devices");
    const badRate = await runRecorded(
      emulator,
      ["vars", "set", "--yes", "a=1", "--devices", "x.csv", "--rate", "0"],
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(badRate.stderr).toContain("--rate must be a whole number from 1");
    expect(emulator.requests).toEqual([]);
  });

  it("refuses to resume from a report written for other variables", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const file = writeDevicesFile(fleetCsv(2));
    const report = join(tempHome(), "r.jsonl");
    const env = apiKeyEnv(emulator);
    expect(
      (
        await runRecorded(emulator, ["vars", "set", "--yes", "a=1", "--devices", file, "--report", report], {
          env,
        })
      ).code,
    ).toBe(0);
    const again = await runRecorded(
      emulator,
      ["vars", "set", "--yes", "a=2", "--devices", file, "--resume", report],
      {
        env,
      },
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("was written for other variables");
    expect(again.requests).toEqual([]);
  });
});

import { execFileSync } from "node:child_process";
import { readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, reportLines, writeDevicesFile } from "../helpers/fleet.js";

const setArgs = (file: string, ...more: string[]) => [
  "vars",
  "set",
  "a=1",
  "--devices",
  file,
  "--yes",
  "--no-journal",
  ...more,
];

describe("--report cannot be turned against its user", () => {
  it("refuses a symbolic link at the path (a planted ~/.bashrc link), nothing sent, the target untouched", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const dir = tempHome();
    const bashrc = join(dir, ".bashrc");
    writeFileSync(bashrc, "export PATH\n");
    const link = join(dir, "report.jsonl");
    symlinkSync(bashrc, link);
    const run = await runRecorded(emulator, setArgs(writeDevicesFile(fleetCsv(2)), "--report", link), {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--report .* was refused: it is a symbolic link; nothing was sent/);
    expect(readFileSync(bashrc, "utf8")).toBe("export PATH\n");
    expect(run.requests).toEqual([]);
  });

  it("refuses a FIFO at once instead of hanging", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const fifo = join(tempHome(), "report.jsonl");
    execFileSync("mkfifo", [fifo]);
    const run = await runRecorded(emulator, setArgs(writeDevicesFile(fleetCsv(2)), "--report", fifo), {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/it is a named pipe \(FIFO\)/);
  });

  it("refuses a device", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const run = await runRecorded(emulator, setArgs(writeDevicesFile(fleetCsv(2)), "--report", "/dev/null"), {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/it is a device/);
  });

  it("refuses an existing file that is not a licensectl report, and the --devices file itself", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(2) });
    const file = writeDevicesFile(fleetCsv(2));
    const other = join(tempHome(), "notes.txt");
    writeFileSync(other, "my notes\n", { mode: 0o644 });
    const notes = await runRecorded(emulator, setArgs(file, "--report", other), { env: apiKeyEnv(emulator) });
    expect(notes.code).toBe(2);
    expect(notes.stderr).toMatch(/it is not a licensectl report/);
    expect(readFileSync(other, "utf8")).toBe("my notes\n");
    const itself = await runRecorded(emulator, setArgs(file, "--report", file), { env: apiKeyEnv(emulator) });
    expect(itself.code).toBe(2);
    expect(itself.stderr).toMatch(/is the --devices file/);
    expect([...notes.requests, ...itself.requests]).toEqual([]);
  });

  it("creates the report 0600, and appends to it only for the same devices and variables", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(3) });
    const file = writeDevicesFile(fleetCsv(2));
    const report = join(tempHome(), "report.jsonl");
    expect(
      (await runRecorded(emulator, setArgs(file, "--report", report), { env: apiKeyEnv(emulator) })).code,
    ).toBe(0);
    expect(statSync(report).mode & 0o777).toBe(0o600);
    expect(reportLines(readFileSync(report, "utf8"))).toHaveLength(2);
    const otherDevices = await runRecorded(
      emulator,
      setArgs(writeDevicesFile(fleetCsv(3)), "--report", report),
      {
        env: apiKeyEnv(emulator),
      },
    );
    expect(otherDevices.code).toBe(2);
    expect(otherDevices.stderr).toMatch(/it is the report of run .*, for other devices or variables/);
  });

  it("--resume refuses a forged report with no header, and one of other devices", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(10) });
    const file = writeDevicesFile(fleetCsv(10));
    const forged = join(tempHome(), "forged.jsonl");
    const line = (n: number) =>
      JSON.stringify({
        target: { product: "demo", hardware_id: `hw-fleet-000${n}`, license_key: "TEST-AAAA-BBBB-CCCC" },
        outcome: "succeeded",
        variables: "x",
      });
    writeFileSync(forged, `${[1, 2, 3].map(line).join("\n")}\n`);
    const run = await runRecorded(emulator, setArgs(file, "--resume", forged), { env: apiKeyEnv(emulator) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not a licensectl report/);
    const real = join(tempHome(), "real.jsonl");
    const small = writeDevicesFile(fleetCsv(2));
    expect(
      (await runRecorded(emulator, setArgs(small, "--report", real), { env: apiKeyEnv(emulator) })).code,
    ).toBe(0);
    const other = await runRecorded(emulator, setArgs(file, "--resume", real), { env: apiKeyEnv(emulator) });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/was written for other devices/);
    expect([...run.requests, ...other.requests]).toEqual([]);
  });
});

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runRecorded, spawnCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, reportLines, tracks, writeDevicesFile } from "../helpers/fleet.js";

/** Resolves once the report holds at least `count` lines. */
async function reportReaches(path: string, count: number): Promise<void> {
  for (;;) {
    if (existsSync(path) && readFileSync(path, "utf8").split("\n").length - 2 >= count) return; // a header line, then one per device
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const hardwareIds = (lines: ReadonlyArray<Record<string, unknown>>) =>
  lines.map((l) => (l.target as { hardware_id: string }).hardware_id);

it("resumes after a kill: what the report says succeeded is not sent again, the rest is", async () => {
  const emulator = await startTestEmulator({ seed: fleetSeed(30) });
  const env = apiKeyEnv(emulator);
  const file = writeDevicesFile(fleetCsv(30));
  const report = join(tempHome(), "report.jsonl");
  const { child, result } = spawnCli(
    ["vars", "set", "--yes", "a=1", "--devices", file, "--rate", "15", "--report", report],
    { env },
  );
  await reportReaches(report, 6);
  child.kill("SIGKILL");
  expect((await result).signal).toBe("SIGKILL");
  const done = reportLines(readFileSync(report, "utf8")).filter((l) => l.outcome === "succeeded");
  expect(done.length).toBeGreaterThanOrEqual(6);
  expect(done.length).toBeLessThan(30);

  const resumed = await runRecorded(
    emulator,
    ["vars", "set", "--yes", "a=1", "--devices", file, "--resume", report],
    {
      env,
    },
  );
  expect(resumed.code).toBe(0);
  expect(resumed.stderr).toContain(
    `Resuming: ${done.length} devices already succeeded, ${30 - done.length} to go.`,
  );
  const resent = tracks(resumed.requests).map((r) => (r.body as { hardware_id: string }).hardware_id);
  expect(resent).toHaveLength(30 - done.length);
  for (const id of hardwareIds(done)) expect(resent).not.toContain(id);
  // The report now accounts for every device.
  const all = reportLines(readFileSync(report, "utf8")).filter((l) => l.outcome === "succeeded");
  expect(new Set(hardwareIds(all)).size).toBe(30);
}, 30_000);

it("stops dispatching on Ctrl+C, lets the requests in flight finish, writes them to the report, exits 130", async () => {
  const emulator = await startTestEmulator({ seed: fleetSeed(30), latencyMs: 150 });
  const file = writeDevicesFile(fleetCsv(30));
  const report = join(tempHome(), "report.jsonl");
  const { child, result } = spawnCli(
    [
      "vars",
      "set",
      "--yes",
      "a=1",
      "--devices",
      file,
      "--rate",
      "20",
      "--concurrency",
      "4",
      "--report",
      report,
    ],
    { env: apiKeyEnv(emulator) },
  );
  await reportReaches(report, 3);
  child.kill("SIGINT");
  const run = await result;
  expect(run.code).toBe(130);
  expect(run.stderr).toMatch(
    /Interrupted: \d+ devices not sent; rerun with --resume .*report\.jsonl to finish\./,
  );
  // Every request the server received got its answer to the client, and its line in the report.
  const answered = tracks(emulator.requests).map((r) => (r.body as { hardware_id: string }).hardware_id);
  const reported = hardwareIds(reportLines(readFileSync(report, "utf8")));
  expect(reported.sort()).toEqual(answered.sort());
  expect(reportLines(readFileSync(report, "utf8")).every((l) => l.outcome === "succeeded")).toBe(true);
  expect(answered.length).toBeLessThan(30);
  // Nothing was started after the signal: the devices the server heard of are those the run says it sent,
  // plus at most one per worker whose read for the journal was on its way and whose write then never went
  // out. (Counted from what the run and the server record, not from a snapshot the signal may race.)
  const notSent = Number(/Interrupted: (\d+) devices not sent/.exec(run.stderr)?.[1]);
  const touched = new Set(
    emulator.requests.map((r) =>
      r.method === "GET" ? String(r.query?.hardware_id) : (r.body as { hardware_id: string }).hardware_id,
    ),
  );
  const readOnly = [...touched].filter((id) => !answered.includes(id));
  expect(readOnly.length).toBeLessThanOrEqual(4);
  expect(touched.size - readOnly.length).toBe(answered.length);
  expect(answered.length + notSent).toBe(30);
}, 30_000);

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, reportLines, tracks, writeDevicesFile } from "../helpers/fleet.js";

it("slows every request down on the first 429, waits out Retry-After, and still sets every device", async () => {
  // The server allows 10 a second; the run asks for 12 a second (a quarter less after a 429: 9).
  const emulator = await startTestEmulator({
    seed: fleetSeed(40),
    floodLimits: { perCredential: [{ requests: 10, windowMs: 1_000 }], perIp: [] },
  });
  const file = writeDevicesFile(fleetCsv(40));
  const report = join(tempHome(), "report.jsonl");
  const run = await runRecorded(
    emulator,
    [
      "--json",
      "vars",
      "set",
      "--yes",
      "--no-journal",
      "a=1",
      "--devices",
      file,
      "--rate",
      "12",
      "--concurrency",
      "4",
      "--report",
      report,
    ],
    { env: apiKeyEnv(emulator) },
  );
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout) as { succeeded: number; throttled: number };
  expect(summary.succeeded).toBe(40);
  const sent = tracks(run.requests);
  const refused = sent.filter((r) => r.status === 429);
  expect(refused.length).toBeGreaterThan(0);
  expect(summary.throttled).toBe(refused.length);
  // Retry-After: 1. Once the first 429 is answered, no worker sends anything for that second. Asserted on the
  // order of events, not on how fast this machine is: inside the second after the first 429 arrived, the only
  // requests the server can see are those already on their way, at most one per other worker (--concurrency 4).
  // A loaded machine only delays them; nothing sent after the answer can arrive before the pause ends.
  const first = refused[0]?.at ?? 0;
  const insidePause = sent.filter((r) => r.at > first && r.at < first + 990);
  expect(insidePause.length).toBeLessThanOrEqual(3);
  // …and far fewer 429s than one per device over the limit: everyone slowed down, not each on its own.
  expect(refused.length).toBeLessThan(15);
  const lines = reportLines(readFileSync(report, "utf8"));
  expect(lines.every((l) => l.outcome === "succeeded")).toBe(true);
  expect(lines.reduce((sum, l) => sum + (l.attempts as number), 0)).toBe(sent.length);
}, 30_000);

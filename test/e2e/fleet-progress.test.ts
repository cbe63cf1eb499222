import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { progressLine } from "../../src/commands/vars/set/fleet/fleet-progress.js";
import { createTally } from "../../src/commands/vars/set/fleet/fleet-summary.js";
import { BIN, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, writeDevicesFile } from "../helpers/fleet.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

/** Carriage return, then "erase the line": how the progress line is redrawn in place. */
const ERASE_LINE = "\r\u001b[2K";

describe("fleet progress", () => {
  it("says done, failed, rate and ETA", () => {
    const tally = createTally(1000);
    tally.succeeded = 397;
    tally.failed = 3;
    expect(progressLine(tally, 8)).toBe("400/1000 done · 3 failed · 50.0/s · ETA 0:12");
    tally.throttled = 2;
    expect(progressLine(tally, 8)).toContain("· 2 throttled (429)");
  });

  it.skipIf(!hasScript)(
    "redraws one line in place on a terminal's stderr, and writes none of it to stdout",
    async () => {
      const emulator = await startTestEmulator({ seed: fleetSeed(20) });
      const file = writeDevicesFile(fleetCsv(20));
      const dir = tempHome();
      const out = join(dir, "stdout.txt");
      const env = { PATH: process.env.PATH, HOME: dir, ...apiKeyEnv(emulator) };
      const run = await runInTerminal(
        `'${process.execPath}' '${BIN}' vars set a=1 --yes --devices '${file}' --rate 10 > '${out}'`,
        { cwd: dir, env },
        [],
      );
      expect(run.code).toBe(0);
      const frames = run.output.split(ERASE_LINE).slice(1);
      expect(frames.length).toBeGreaterThan(3);
      expect(frames.some((frame) => /^\d+\/20 done · 0 failed · [\d.]+\/s · ETA \d+:\d\d$/.test(frame))).toBe(
        true,
      );
      // The line is erased at the end (before the rate and journal lines), and stdout holds the summary alone.
      const tail = run.output.slice(run.output.lastIndexOf(ERASE_LINE) + ERASE_LINE.length);
      expect(tail.trim()).toMatch(/^Rate: .*\r?\nJournal: run \S+; take it back with licensectl undo \S+\.$/);
      expect(readFileSync(out, "utf8")).toMatch(
        /^Set 1 variable on 20 of 20 devices in [\d.]+ s \([\d.]+ devices\/s\)\n$/,
      );
    },
    20_000,
  );
});

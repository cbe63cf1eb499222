import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseFaultRule } from "../../src/emulator/faults.js";
import { runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetSeed, reportLines, tracks, writeDevicesFile } from "../helpers/fleet.js";

describe("a write to many devices asks first", () => {
  it("without a terminal needs --yes: exit 2 naming it, nothing sent", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(3) });
    const file = writeDevicesFile(fleetCsv(3));
    const run = await runRecorded(emulator, ["vars", "set", "a=1", "--devices", file], {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no terminal to ask on: it needs --yes; nothing was sent/);
    expect(run.requests).toEqual([]);
  });

  it("with CI=true needs --yes even on a terminal", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(3) });
    const file = writeDevicesFile(fleetCsv(3));
    const run = await runRecorded(emulator, ["vars", "set", "a=1", "--devices", file], {
      env: { ...apiKeyEnv(emulator), CI: "true" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/prompts are disabled in CI \(CI=true\): it needs --yes; nothing was sent/);
    expect(run.requests).toEqual([]);
  });

  it("vars unset takes --yes the same way: CI=true without it is exit 2, nothing deleted", async () => {
    const emulator = await startTestEmulator();
    const run = await runRecorded(emulator, ["vars", "unset", "channel"], {
      env: { ...managementEnv(emulator), CI: "true" },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/prompts are disabled in CI \(CI=true\)[\s\S]*Pass --yes/);
    expect(run.requests.filter((r) => r.method === "DELETE")).toEqual([]);
  });

  it("shows the plan on --dry-run: devices, variables, scope, rate, share of the budget, duration", async () => {
    const emulator = await startTestEmulator({ seed: fleetSeed(1000) });
    const file = writeDevicesFile(fleetCsv(1000));
    const run = await runRecorded(emulator, ["vars", "set", "a=1", "--devices", file, "--dry-run"], {
      env: apiKeyEnv(emulator),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("Plan: set a=1 on 1000 devices: the devices named in");
    expect(run.stderr).toContain(
      "Rate: 7.5 requests/s (--budget-share 25): 25% of the free plan's License API budget (1,800/min, shared with the vendor's apps); 2000 requests (a read for the journal and a write per device), about 4:27.",
    );
    expect(run.requests).toEqual([]);
    const enterprise = await runRecorded(
      emulator,
      ["vars", "set", "a=1", "--devices", file, "--dry-run", "--plan", "enterprise", "--no-journal"],
      { env: apiKeyEnv(emulator) },
    );
    expect(enterprise.stderr).toMatch(
      /Rate: 16 requests\/s .*: 5% of the enterprise plan's .*1000 requests \(one write per device\), about 1:03/,
    );
    expect(enterprise.stderr).toContain("Journal: off (--no-journal): these changes cannot be undone");
  });
});

describe("a run the API keeps throttling stops instead of competing with the vendor's apps", () => {
  it("stops at a Retry-After beyond the cap: exit 6, report written, resumable, no timer overflow", async () => {
    const emulator = await startTestEmulator({
      seed: fleetSeed(6),
      faults: [parseFaultRule("429@1")],
      retryAfterSeconds: 3_000_000,
    });
    const file = writeDevicesFile(fleetCsv(6));
    const report = join(tempHome(), "report.jsonl");
    const run = await runRecorded(
      emulator,
      [
        "vars",
        "set",
        "a=1",
        "--devices",
        file,
        "--yes",
        "--no-journal",
        "--report",
        report,
        "--concurrency",
        "1",
      ],
      { env: apiKeyEnv(emulator) },
    );
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(
      /Stopped: the API asked to wait 3000000 s \(Retry-After\), more than the 30 s a run waits/,
    );
    expect(run.stderr).toMatch(/--resume .*report\.jsonl sends the \d+ not sent/);
    expect(run.stderr).not.toContain("TimeoutOverflowWarning");
    expect(tracks(run.requests).length).toBeLessThanOrEqual(2);
    expect(reportLines(readFileSync(report, "utf8")).length).toBeGreaterThan(0);
  }, 20_000);

  it("stops after repeated 429s (three pauses), exit 6", async () => {
    const emulator = await startTestEmulator({
      seed: fleetSeed(6),
      faults: [parseFaultRule("429@1")],
      retryAfterSeconds: 0,
    });
    const file = writeDevicesFile(fleetCsv(6));
    const run = await runRecorded(
      emulator,
      [
        "--json",
        "vars",
        "set",
        "a=1",
        "--devices",
        file,
        "--yes",
        "--no-journal",
        "--concurrency",
        "1",
        "--retries",
        "0",
      ],
      { env: apiKeyEnv(emulator) },
    );
    expect(run.code).toBe(6);
    const summary = JSON.parse(run.stdout.trim()) as { stopped: string; throttled: number; not_sent: number };
    expect(summary.stopped).toBe("throttled_stop");
    expect(summary.throttled).toBe(4);
    expect(summary.not_sent).toBeGreaterThan(0);
  }, 20_000);
});

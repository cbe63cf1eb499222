import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../../src/emulator/server.js";
import { errorOf, runCli, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator } from "../helpers/emulator.js";
import { fleetCsv, fleetHwid, fleetSeed, tracks, writeDevicesFile } from "../helpers/fleet.js";

/** Fleet devices 1..count; the odd ones hold seats=4 and legacy=x, the even ones already seats=5 only. */
function applySeed(count: number) {
  const seed = fleetSeed(count);
  for (const device of seed.licenses.find((l) => l.id === 1001)?.devices ?? []) {
    const n = Number(/^hw-fleet-(\d+)$/.exec(device.hardwareId)?.[1] ?? 0);
    if (n >= 1) device.variables = n % 2 === 1 ? { seats: "4", legacy: "x" } : { seats: "5" };
  }
  return seed;
}

/** A job's environment (HOME of its own for the journal; the Management API budget high enough for a test). */
async function setup(count: number, extra: Record<string, string> = {}) {
  const emulator = await startTestEmulator({ seed: applySeed(count) });
  const home = tempHome();
  const desired = join(home, "desired.json");
  writeFileSync(desired, JSON.stringify({ seats: 5 }));
  const env = {
    HOME: home,
    ...apiKeyEnv(emulator),
    ...managementEnv(emulator),
    LICENSECTL_MANAGEMENT_BUDGET: "60000",
    ...extra,
  };
  const exported = async () => {
    const run = await runCli(["vars", "export"], { env });
    expect(run.code, run.stderr).toBe(0);
    return run.stdout;
  };
  return { emulator, env, desired, devices: writeDevicesFile(fleetCsv(count)), exported };
}

const deletes = (requests: readonly RecordedRequest[]) => requests.filter((r) => r.method === "DELETE");
const historyIds = async (env: Record<string, string>) =>
  (
    JSON.parse((await runCli(["--json", "history"], { env })).stdout) as Array<{ id: string; action: string }>
  ).map((r) => r);

describe("vars apply on many devices", () => {
  it("--dry-run --json gives each device's plan and the total changes, sends nothing and exits 10; 0 once applied", async () => {
    const { emulator, env, desired, devices } = await setup(4);
    const dry = await runRecorded(
      emulator,
      [
        "--json",
        "vars",
        "apply",
        "--file",
        desired,
        "--devices",
        devices,
        "--prune",
        "--dry-run",
        "--rate",
        "1000",
      ],
      { env },
    );
    expect(dry.code, dry.stderr).toBe(10);
    expect(tracks(dry.requests)).toEqual([]);
    expect(deletes(dry.requests)).toEqual([]);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({
      applied: false,
      devices: 4,
      add: 0,
      change: 2,
      remove: 2,
      same: 2,
      changes: 4,
    });
    expect(
      plan.plans.map((p: { target: { hardware_id: string }; changes: number }) => [
        p.target.hardware_id,
        p.changes,
      ]),
    ).toEqual([
      [fleetHwid(1), 2],
      [fleetHwid(2), 0],
      [fleetHwid(3), 2],
      [fleetHwid(4), 0],
    ]);
    expect(plan.plans[0].variables).toEqual([
      { variable: "legacy", action: "remove", old_value: "x", new_value: null },
      { variable: "seats", action: "change", old_value: "4", new_value: 5 },
    ]);

    const run = await runRecorded(
      emulator,
      ["vars", "apply", "--file", desired, "--devices", devices, "--prune", "--yes", "--rate", "1000"],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    // Only the two devices with changes are written: one track and one delete each.
    expect(tracks(run.requests)).toHaveLength(2);
    expect(deletes(run.requests)).toHaveLength(2);
    expect(run.stdout).toMatch(
      /Applied .*\(0 added, 2 changed, 2 removed; 2 devices already matched\) on 2 of 2 devices/,
    );
    expect(run.stderr).toMatch(/Plan: .* on 4 devices: 2 to change/);

    const again = await runCli(
      ["vars", "apply", "--file", desired, "--devices", devices, "--prune", "--dry-run", "--rate", "1000"],
      { env },
    );
    expect(again.code, again.stderr).toBe(0);
  }, 60_000);

  it("--all-devices plans every device of the license from the listing, reading none again, and writes only those with changes", async () => {
    const { emulator, env, desired } = await setup(4);
    const dry = await runRecorded(
      emulator,
      ["--json", "vars", "apply", "--file", desired, "--all-devices", "--dry-run", "--rate", "1000"],
      { env },
    );
    expect(dry.code, dry.stderr).toBe(10);
    const plan = JSON.parse(dry.stdout);
    const planned = plan.plans.map((p: { target: { hardware_id: string } }) => p.target.hardware_id);
    expect(planned).toEqual(expect.arrayContaining([1, 2, 3, 4].map(fleetHwid)));
    expect(plan.devices).toBe(planned.length);
    const reads = dry.requests.filter((r) => r.path.endsWith("/get_device_variables")).length;
    // The listing holds each device's variables where the API gives them: a read only for the others.
    expect(reads).toBeLessThan(planned.length);
    const changing = plan.plans.filter((p: { changes: number }) => p.changes > 0).length;
    const run = await runRecorded(
      emulator,
      ["vars", "apply", "--file", desired, "--all-devices", "--yes", "--rate", "1000"],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(tracks(run.requests)).toHaveLength(changing);
  }, 60_000);

  it("is journalled: undo recreates what --prune deleted and puts back what it changed; export equal", async () => {
    const { env, desired, devices, exported } = await setup(6);
    const before = await exported();
    const run = await runCli(
      [
        "--json",
        "vars",
        "apply",
        "--file",
        desired,
        "--devices",
        devices,
        "--prune",
        "--yes",
        "--rate",
        "1000",
      ],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    // --json: the run's summary, with each device's plan and the total of changes made.
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ applied: true, changes: 6, devices: 3, succeeded: 3, failed: 0 });
    expect(summary.plans).toHaveLength(6);
    expect(await exported()).not.toBe(before);
    const [latest] = await historyIds(env);
    expect(latest).toMatchObject({ action: "apply" });
    const undo = await runCli(["undo", latest?.id as string, "--yes", "--rate", "1000"], { env });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/put back 6 values, deleted 0 variables/);
    expect(await exported()).toBe(before);
  }, 60_000);

  it("asks first: without a terminal and without --yes it refuses, naming --yes, before anything is sent", async () => {
    const { emulator, env, desired, devices } = await setup(3);
    const run = await runRecorded(
      emulator,
      ["--json", "vars", "apply", "--file", desired, "--devices", devices, "--rate", "1000"],
      { env },
    );
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr)).toMatchObject({ code: "confirmation_required" });
    expect(run.stderr).toContain("--yes");
    expect(tracks(run.requests)).toEqual([]);
  }, 60_000);

  it("in GitHub Actions, the run and its undo each append the many-devices step summary", async () => {
    const summary = join(tempHome(), "summary.md");
    writeFileSync(summary, "");
    const { env, desired, devices } = await setup(3, {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
    });
    const run = await runCli(
      ["vars", "apply", "--file", desired, "--devices", devices, "--prune", "--yes", "--rate", "1000"],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(summary, "utf8")).toContain(
      "### ✅ licensectl vars apply: 2 devices\n\n**Outcome:** 2 succeeded, 0 failed.",
    );
    const [latest] = await historyIds(env);
    expect((await runCli(["undo", latest?.id as string, "--yes", "--rate", "1000"], { env })).code).toBe(0);
    expect(readFileSync(summary, "utf8")).toContain(`### ✅ licensectl undo ${latest?.id}: 2 devices`);

    const set = await runCli(["vars", "set", "wave=1", "--devices", devices, "--yes", "--rate", "1000"], {
      env,
    });
    expect(set.code, set.stderr).toBe(0);
    expect(readFileSync(summary, "utf8")).toContain("### ✅ licensectl vars set: 3 devices");
  }, 60_000);
});

describe("vars apply on one device", () => {
  it("is journalled: undo deletes what it added and recreates what --prune deleted", async () => {
    const { env, desired, exported } = await setup(1);
    writeFileSync(desired, JSON.stringify({ seats: 5, tier: "gold" }));
    const one = { ...env, LICENSECTL_HARDWARE_ID: fleetHwid(1) };
    const before = await exported();
    const run = await runCli(["vars", "apply", "--file", desired, "--prune", "--yes"], { env: one });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Journal: run \S+; take it back with licensectl undo/);
    const [latest] = await historyIds(one);
    const undo = await runCli(["undo", latest?.id as string, "--yes"], { env: one });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toMatch(/put back 2 values, deleted 1 variable/);
    expect(await exported()).toBe(before);
  }, 60_000);
});

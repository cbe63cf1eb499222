import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedRequest, RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runCli, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";

let emulator: RunningEmulator;
let dir: string;
let next = 0;
/** Each test gets a device of its own, seeded with these variables. */
const devices: Array<{ hardwareId: string; variables: Record<string, string> }> = [];
const deviceWith = (variables: Record<string, string>) => {
  const hardwareId = `hw-apply-${String(++next).padStart(3, "0")}`;
  devices.push({ hardwareId, variables });
  return hardwareId;
};
const SEEDED = {
  drift: { seats: "5.0", beta: "True", region: "eu-west", legacy: "x" },
  same: { seats: "5.0", beta: "True", region: "eu-west" },
  prune: { seats: "4", region: "eu-west", legacy: "x", old_flag: "1" },
  ask: { keep: "k", gone: "g" },
  ci: { keep: "k", gone: "g" },
  summary: { seats: "4", legacy: "<b>x</b>" },
  nokey: { a: "1" },
};
const hw: Record<keyof typeof SEEDED, string> = Object.fromEntries(
  Object.entries(SEEDED).map(([name, variables]) => [name, deviceWith(variables)]),
) as Record<keyof typeof SEEDED, string>;

beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(...devices);
  emulator = await startTestEmulator({ seed });
  dir = join(tempHome(), "project");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "desired.json"),
    JSON.stringify({ seats: 5, beta: true, region: "us-east", tier: "gold" }),
  );
  writeFileSync(join(dir, "same.env"), "seats=5\nbeta=true\nregion=eu-west\n");
  writeFileSync(join(dir, "keep.env"), "keep=k\n");
});

const env = (hardwareId: string, extra: Record<string, string> = {}) => ({
  ...apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
  ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
  ...extra,
});
const apply = (hardwareId: string, args: string[], extra: Record<string, string> = {}) =>
  runRecorded(emulator, ["vars", "apply", ...args], { cwd: dir, env: env(hardwareId, extra) });
const writes = (requests: readonly RecordedRequest[]) =>
  requests.filter((r) => r.method === "DELETE" || r.path.endsWith("track_device_variables"));
async function stored(hardwareId: string): Promise<Record<string, unknown>> {
  const list = await runCli(["vars", "list", "--json"], {
    env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
  });
  return Object.fromEntries(
    (JSON.parse(list.stdout) as Array<{ variable: string; value: unknown }>).map((v) => [
      v.variable,
      v.value,
    ]),
  );
}

describe("vars apply --dry-run", () => {
  it("prints the plan with a count of changes, sends nothing and exits 10 when something would change", async () => {
    const result = await apply(hw.drift, ["--file", "desired.json", "--dry-run", "--json"]);
    expect(result.code).toBe(10);
    expect(writes(result.requests)).toEqual([]);
    const plan = JSON.parse(result.stdout);
    expect(plan).toMatchObject({ applied: false, add: 1, change: 1, remove: 0, same: 2, changes: 2 });
    expect(plan.variables).toEqual([
      { variable: "beta", action: "same", old_value: "True", new_value: true },
      { variable: "region", action: "change", old_value: "eu-west", new_value: "us-east" },
      { variable: "seats", action: "same", old_value: "5.0", new_value: 5 },
      { variable: "tier", action: "add", old_value: null, new_value: "gold" },
    ]);
    expect(result.stderr).toBe("");
  });

  it("exits 0 when the device already holds the file's values (5.0 stands for 5, True for true)", async () => {
    const result = await apply(hw.same, ["--file", "same.env", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      "Dry run, nothing was sent: 0 to add, 0 to change, 0 to remove, 3 the same",
    );
  });

  it("with --prune plans removals of what the file does not name, without asking and without deleting", async () => {
    const result = await apply(hw.prune, ["--file", "desired.json", "--dry-run", "--prune", "-o", "json"]);
    expect(result.code).toBe(10);
    expect(writes(result.requests)).toEqual([]);
    const plan = JSON.parse(result.stdout);
    expect(plan.variables.filter((s: { action: string }) => s.action === "remove")).toEqual([
      { variable: "legacy", action: "remove", old_value: "x", new_value: null },
      { variable: "old_flag", action: "remove", old_value: "1", new_value: null },
    ]);
    expect(plan.remove).toBe(2);
  });
});

describe("vars apply", () => {
  it("sends one track request with only what is new or different, leaves the rest, and prints the plan applied", async () => {
    const result = await apply(hw.drift, ["--file", "desired.json"]);
    expect(result.code).toBe(0);
    const sent = writes(result.requests);
    expect(sent).toHaveLength(1);
    expect((sent[0]?.body as { variables?: unknown } | undefined)?.variables).toEqual({
      region: "us-east",
      tier: "gold",
    });
    expect(result.stdout).toMatch(/region\s+change\s+eu-west → us-east/);
    expect(result.stderr).toContain("Applied: 1 added, 1 changed, 0 removed, 2 the same");
    expect(await stored(hw.drift)).toMatchObject({
      legacy: "x",
      region: "us-east",
      tier: "gold",
      seats: "5.0",
    });
    // Applied once, the same file is no longer drift.
    expect((await apply(hw.drift, ["--file", "desired.json", "--dry-run"])).code).toBe(0);
  });

  it("sends nothing at all when nothing differs", async () => {
    const result = await apply(hw.same, ["--file", "same.env"]);
    expect(result.code).toBe(0);
    expect(writes(result.requests)).toEqual([]);
  });

  it("with --prune --yes sets and deletes what the file does not name through the Management API", async () => {
    const result = await apply(hw.prune, ["--file", "desired.json", "--prune", "--yes", "--json"]);
    expect(result.code).toBe(0);
    expect(writes(result.requests).map((r) => r.method)).toEqual(["POST", "DELETE", "DELETE"]);
    expect(JSON.parse(result.stdout)).toMatchObject({
      applied: true,
      add: 2,
      change: 2,
      remove: 2,
      changes: 6,
    });
    expect(await stored(hw.prune)).toEqual({ seats: "5", beta: "true", region: "us-east", tier: "gold" });
  });

  it("without a terminal, --prune that would delete needs --yes: exit 2 naming it, nothing sent", async () => {
    const result = await apply(hw.ask, ["--file", "keep.env", "--prune", "--json"]);
    expect(result.code).toBe(2);
    expect(errorOf(result.stderr)).toMatchObject({ code: "confirmation_required" });
    expect(errorOf(result.stderr).hint).toContain("--yes");
    expect(writes(result.requests)).toEqual([]);
    expect(await stored(hw.ask)).toEqual({ keep: "k", gone: "g" });
  });

  it("with CI=true, --prune that would delete needs --yes even on a terminal's absence of one", async () => {
    const result = await apply(hw.ci, ["--file", "keep.env", "--prune"], { CI: "true" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("(CI=true)");
    expect(result.stderr).toContain("--yes");
  });

  it("--prune without a Management API key says so before any request (exit 3)", async () => {
    const result = await apply(hw.nokey, ["--file", "keep.env", "--prune", "--yes", "--json"], {
      LICENSECTL_MANAGEMENT_API_KEY: "",
    });
    expect(result.code).toBe(3);
    expect(errorOf(result.stderr)).toMatchObject({ code: "missing_management_key" });
    expect(errorOf(result.stderr).message).toContain("--prune");
    expect(result.requests).toEqual([]);
  });

  it("--prune --dry-run needs no Management API key: a drift check reads with the License API only", async () => {
    const result = await apply(hw.nokey, ["--file", "keep.env", "--prune", "--dry-run", "--json"], {
      LICENSECTL_MANAGEMENT_API_KEY: "",
    });
    expect(result.code).toBe(10);
    expect(JSON.parse(result.stdout)).toMatchObject({ add: 1, remove: 1, changes: 2 });
    expect(result.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/api/v4/get_device_variables"]]);
  });

  it("in GitHub Actions appends the device, each variable before → after and the outcome to the step summary, escaped", async () => {
    const summary = join(dir, "summary.md");
    writeFileSync(summary, "# earlier step\n");
    const result = await apply(hw.summary, ["--file", "desired.json", "--prune", "--yes"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: summary,
    });
    expect(result.code).toBe(0);
    const text = readFileSync(summary, "utf8");
    expect(text.startsWith("# earlier step\n### ✅ licensectl vars apply: device hw\\-apply\\-")).toBe(true);
    expect(text).toContain("| seats | `4` | `5` |");
    expect(text).toContain("| tier | — | `gold` |");
    expect(text).toContain("| legacy | `<b>x</b>` | — |"); // inside a code span HTML is text
    expect(text).toContain("**Outcome:** 3 added, 1 changed, 1 removed, 0 the same");
    expect(result.stdout).not.toContain("###"); // stdout stays data
  });

  it("does not follow a symlinked step summary: it warns and the target is untouched", async () => {
    const target = join(dir, "elsewhere.md");
    writeFileSync(target, "untouched\n");
    const link = join(dir, "linked-summary.md");
    symlinkSync(target, link);
    const result = await apply(hw.same, ["--file", "same.env"], {
      GITHUB_ACTIONS: "true",
      GITHUB_STEP_SUMMARY: link,
    });
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("untouched\n");
    expect(result.stderr).toContain("The step summary was not written");
    expect(result.stderr).toContain("::warning title=licensectl warning::");
  });
});

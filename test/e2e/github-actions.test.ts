import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { runCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";

const SET_HWID = "hw-gha-set";
const UNSET_HWID = "hw-gha-unset";
const COPY_TO = "hw-gha-copy-to";
let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    { hardwareId: SET_HWID, variables: { seats: "4" } },
    { hardwareId: UNSET_HWID, variables: { old: "o", keep: "k" } },
    { hardwareId: COPY_TO, variables: { region: "us" } },
  );
  emulator = await startTestEmulator({ seed });
  dir = tempHome();
});

/** A GitHub Actions job's environment: GITHUB_ACTIONS=true and a fresh step summary file. */
function actions(hardwareId: string, extra: Record<string, string> = {}) {
  const summary = join(dir, `summary-${hardwareId}-${Math.random().toString(36).slice(2)}.md`);
  writeFileSync(summary, "");
  const env = {
    ...apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
    ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
    GITHUB_ACTIONS: "true",
    GITHUB_STEP_SUMMARY: summary,
    ...extra,
  };
  return { env, summary: () => readFileSync(summary, "utf8") };
}

describe("in GitHub Actions", () => {
  it("a failure also prints one ::error annotation, and text licensectl quotes cannot start a command", async () => {
    const job = actions(SET_HWID);
    const result = await runCli(["vars", "set", "--file", "no\n::warning::pwned\r\n::add-mask::x"], {
      env: job.env,
      cwd: dir,
    });
    expect(result.code).toBe(2);
    const commands = result.stderr.split(/\r?\n/).filter((line) => line.startsWith("::"));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^::error title=licensectl%3A unreadable_file::Cannot read --file no\\n::warning::pwned/,
    );
    expect(result.stdout).toBe("");
  });

  it("prints no annotation outside GitHub Actions", async () => {
    const result = await runCli(["vars", "set", "--file", "missing.env"], {
      env: { ...actions(SET_HWID).env, GITHUB_ACTIONS: "" },
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("::error");
  });

  it("vars set appends each variable before → after to the step summary; stdout stays data", async () => {
    const job = actions(SET_HWID);
    const result = await runCli(["vars", "set", "seats=5", "tier=gold", "--json"], { env: job.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(2);
    expect(job.summary()).toContain("### ✅ licensectl vars set: device hw\\-gha\\-set");
    expect(job.summary()).toContain("| seats | `4` | `5` |");
    expect(job.summary()).toContain("| tier | — | `gold` |");
    expect(job.summary()).toContain("**Outcome:** 2 set");
  });

  it("vars unset lists what was deleted with its value before", async () => {
    const job = actions(UNSET_HWID);
    const result = await runCli(["vars", "unset", "old", "--yes"], { env: job.env });
    expect(result.code).toBe(0);
    expect(job.summary()).toContain("| old | `o` | — |");
    expect(job.summary()).toContain("**Outcome:** 1 deleted");
  });

  it("vars copy summarises the target device, and a failed write says so", async () => {
    const job = actions(SET_HWID);
    const result = await runCli(["vars", "copy", "--from", "hw-0001-test", "--to", COPY_TO], {
      env: job.env,
    });
    expect(result.code).toBe(0);
    expect(job.summary()).toContain("licensectl vars copy: device hw\\-gha\\-copy\\-to");
    expect(job.summary()).toContain("| region | `us` | `eu-west` |");

    const failed = actions("hw-gha-not-activated");
    const refused = await runCli(["vars", "set", "a=1"], { env: failed.env });
    expect(refused.code).toBe(5);
    expect(failed.summary()).toContain("### ❌ licensectl vars set");
    expect(failed.summary()).toMatch(/\*\*Outcome:\*\* failed\\: Device not found/);
  });
});

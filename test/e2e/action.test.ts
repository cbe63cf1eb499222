import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultLoaders } from "cosmiconfig";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { tempHome } from "../helpers/cli.js";
import { API_KEY, apiKeyEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";

/**
 * action.yml run the way a GitHub runner runs a composite action, without the network: each step's `env`
 * with `${{ inputs.* }}` filled in from the inputs (defaults included), its `run` script in
 * `bash --noprofile --norc -eo pipefail`, GITHUB_ACTION_PATH at the repository root, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files; then the action's outputs read from GITHUB_OUTPUT.
 */
const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ACTION_FILE = join(ROOT, "action.yml");

interface ActionYaml {
  inputs: Record<string, { required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: {
    using: string;
    steps: Array<{ id?: string; shell: string; env?: Record<string, string>; run: string }>;
  };
}

const action = defaultLoaders[".yaml"](ACTION_FILE, readFileSync(ACTION_FILE, "utf8")) as ActionYaml;

interface ActionRun {
  code: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
}

async function runAction(
  inputs: Record<string, string>,
  jobEnv: Record<string, string>,
  workspace: string,
): Promise<ActionRun> {
  const given = Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [name, inputs[name] ?? spec.default ?? ""]),
  );
  const expression = (text: string, scope: Record<string, Record<string, string>>) =>
    text.replace(
      /\$\{\{\s*(\w+)\.([\w-]+)(?:\.outputs\.([\w-]+))?\s*\}\}/g,
      (_, root: string, a: string, b?: string) =>
        root === "steps" ? (scope.steps?.[`${a}.${b}`] ?? "") : (scope[root]?.[a] ?? ""),
    );
  const files = { output: join(workspace, "github-output"), summary: join(workspace, "step-summary.md") };
  writeFileSync(files.summary, "");
  const stepOutputs: Record<string, string> = {};
  let code: number | null = 0;
  let log = "";
  for (const step of action.runs.steps) {
    writeFileSync(files.output, "");
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, expression(value, { inputs: given })]),
    );
    expect(step.shell).toBe("bash");
    const script = join(workspace, `step-${step.id}.sh`);
    writeFileSync(script, step.run);
    const child = spawn("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: workspace,
        XDG_CONFIG_HOME: join(workspace, ".config"),
        NO_COLOR: "1",
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_ACTION_PATH: ROOT,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_WORKSPACE: workspace,
        ...jobEnv,
        ...stepEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    for (const [name, value] of parseOutputFile(readFileSync(files.output, "utf8"))) {
      stepOutputs[`${step.id}.${name}`] = value;
    }
    if (code !== 0) break;
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs).map(([name, spec]) => [
      name,
      expression(spec.value, { steps: stepOutputs }),
    ]),
  );
  return { code, log, outputs, summary: readFileSync(files.summary, "utf8"), workspace };
}

/** GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIMITER blocks. */
function parseOutputFile(text: string): Map<string, string> {
  const outputs = new Map<string, string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2] ?? "", i + 1);
      outputs.set(block[1] ?? "", lines.slice(i + 1, end).join("\n"));
      i = end;
    } else if (line.includes("="))
      outputs.set(line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1));
  }
  return outputs;
}

const HWID = "hw-action-0001";
let emulator: RunningEmulator;
let workspace: string;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push({ hardwareId: HWID, variables: { seats: "4", region: "eu" } });
  emulator = await startTestEmulator({ seed });
  workspace = tempHome();
  mkdirSync(join(workspace, "config"));
  writeFileSync(join(workspace, "config", "vars.json"), JSON.stringify({ seats: 5, region: "eu" }));
});

/** Credentials as a workflow passes them: the API key as an input from a secret, the rest in the job's env. */
const jobEnv = () => {
  const { LICENSECTL_API_KEY: _secret, ...env } = apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: HWID });
  return env;
};

describe("action.yml, run as a runner runs it", () => {
  it("is a composite action whose inputs reach its script only as environment variables", () => {
    expect(action.runs.using).toBe("composite");
    for (const step of action.runs.steps) expect(step.run).not.toContain("${{");
  });

  it("a drift check: exit 10 fails the step, outputs say drift=true and carry the --json plan", async () => {
    const run = await runAction(
      { command: "vars apply --file config/vars.json --dry-run --json", "api-key": API_KEY },
      jobEnv(),
      workspace,
    );
    expect(run.code).toBe(10);
    expect(run.outputs["exit-code"]).toBe("10");
    expect(run.outputs.drift).toBe("true");
    expect(JSON.parse(run.outputs.result ?? "")).toMatchObject({ changes: 1, change: 1, same: 1 });
  });

  it("with fail-on-drift false, drift is reported in the outputs and the step passes", async () => {
    const run = await runAction(
      {
        command: "vars apply --file config/vars.json --dry-run --json",
        "api-key": API_KEY,
        "fail-on-drift": "false",
      },
      jobEnv(),
      workspace,
    );
    expect(run.code).toBe(0);
    expect(run.outputs.drift).toBe("true");
  });

  it("applies, writes the step summary, and afterwards the drift check passes", async () => {
    const run = await runAction(
      { command: "vars apply --file config/vars.json", "api-key": API_KEY },
      jobEnv(),
      workspace,
    );
    expect(run.code).toBe(0);
    expect(run.outputs["exit-code"]).toBe("0");
    expect(run.summary).toContain("| seats | `4` | `5` |");
    expect(run.log).not.toContain(API_KEY);
    const check = await runAction(
      { command: "vars apply --file config/vars.json --dry-run", "api-key": API_KEY },
      jobEnv(),
      workspace,
    );
    expect(check.code).toBe(0);
    expect(check.outputs.drift).toBe("false");
  });

  it("a failure fails the step with licensectl's exit code and an ::error annotation in the log", async () => {
    const run = await runAction({ command: "vars list" }, jobEnv(), workspace);
    expect(run.code).toBe(3);
    expect(run.outputs["exit-code"]).toBe("3");
    expect(run.log).toMatch(/^::error title=licensectl%3A missing_credentials::/m);
  });

  it("never lets the shell interpret the command: $( ), backticks and globs are plain words", async () => {
    const run = await runAction(
      { command: "vars unset $(touch pwned-1) `touch pwned-2` * ;touch pwned-3=x", "api-key": API_KEY },
      jobEnv(),
      workspace,
    );
    expect(run.code).toBe(2);
    expect(run.log).toContain(`"pwned-3=x" is not a variable name`); // a word, after the word ";touch"
    for (const file of ["pwned-1", "pwned-2", "pwned-3"])
      expect(existsSync(join(workspace, file))).toBe(false);
  });
});

import { spawn } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, errorOf, runCli, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, EMPTY_HWID, startTestEmulator, testSeed } from "../helpers/emulator.js";

/** Values that break naive quoting: quotes, substitutions, backticks, newlines, separators, escapes. */
const NASTY: Record<string, string> = {
  single: "it's 'quoted' ''",
  subst: "$(touch pwned-subst)",
  backticks: "`touch pwned-backticks`",
  lines: "a\nb; touch pwned-newline\n",
  semicolon: "x; touch pwned-semicolon",
  double: '"$HOME" \\" \\',
  escape: "\u001b[31mred\u0007",
  empty: "",
  trailing_space: "  ",
};

let emulator: RunningEmulator;
let env: Record<string, string>;
beforeAll(async () => {
  const seed = testSeed();
  const device = seed.licenses[0]?.devices?.[0];
  if (!device) throw new Error("the test seed has no device");
  device.variables = { ...NASTY, "not-a-name": "x", "9": "nine", "tab\tname": "v\t1\\" };
  emulator = await startTestEmulator({ seed });
  env = apiKeyEnv(emulator);
});

// Spawned: what is tested is a real shell's eval "$(licensectl …)" of the built CLI's output.
/** Run a POSIX shell script that can start the built CLI as "$NODE" "$BIN"; resolves with what it printed. */
function sh(
  script: string,
  cwd: string,
  home = cwd,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], {
      cwd,
      env: {
        ...env,
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        NO_COLOR: "1",
        NODE: process.execPath,
        BIN,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("vars list --output env", () => {
  it("can be eval'd by a POSIX shell: every value comes back exactly and nothing in it runs", async () => {
    const cwd = join(tempHome(), "eval");
    mkdirSync(cwd);
    const names = Object.keys(NASTY);
    const script = `eval "$("$NODE" "$BIN" vars list --output env)" && printf '%s\\0' ${names.map((n) => `"$${n}"`).join(" ")}`;
    // HOME elsewhere: licensectl keeps a code cache under it; the working directory must stay empty.
    const result = await sh(script, cwd, tempHome());
    expect(readdirSync(cwd)).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.stdout.split("\0").slice(0, -1)).toEqual(names.map((name) => NASTY[name]));
    expect(result.stderr).toBe(
      [
        'warning: skipped "9": not a shell variable name.',
        'warning: skipped "not-a-name": not a shell variable name.',
        'warning: skipped "tab\\\\tname": not a shell variable name.',
        "",
      ].join("\n"),
    );
  });

  it("prints nothing on stdout for a device without variables, and says so on stderr", async () => {
    const result = await runCli(["vars", "list", "-o", "env"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: EMPTY_HWID }),
    });
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toContain("No variables on the device");
  });
});

describe("vars list --output tsv", () => {
  it("prints header-less name<TAB>value rows, sorted, with tabs, newlines and backslashes escaped", async () => {
    const result = await runCli(["vars", "list", "--output", "tsv"], { env });
    expect(result.code).toBe(0);
    const rows = result.stdout.split("\n").slice(0, -1);
    expect(rows.every((row) => row.split("\t").length === 2)).toBe(true);
    expect(rows).toContain("tab\\tname\tv\\t1\\\\");
    expect(rows).toContain("lines\ta\\nb; touch pwned-newline\\n");
    expect(rows).toContain("escape\t\\e[31mred\\x07");
    expect(rows).toContain("empty\t");
    expect(rows.map((row) => row.split("\t")[0])).toEqual([
      "9",
      "backticks",
      "double",
      "empty",
      "escape",
      "lines",
      "not-a-name",
      "semicolon",
      "single",
      "subst",
      "tab\\tname",
      "trailing_space",
    ]);
  });
});

describe("vars list --output json", () => {
  it("prints exactly what --json prints", async () => {
    const [output, json] = await Promise.all([
      runCli(["vars", "list", "--output", "json"], { env }),
      runCli(["vars", "list", "--json"], { env }),
    ]);
    expect(output.code).toBe(0);
    expect(output.stdout).toBe(json.stdout);
    expect(JSON.parse(output.stdout)).toContainEqual(
      expect.objectContaining({ variable: "escape", value: NASTY.escape }),
    );
  });

  it("reports errors as JSON on stderr, like --json", async () => {
    const result = await runCli(["vars", "list", "-o", "json"], {
      env: apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: "hw-unknown" }),
    });
    expect(result.code).toBe(5);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "api", code: "device_not_found" });
  });
});

describe("vars list --output: usage errors, nothing sent", () => {
  it.each([
    [["--output", "yaml"], "invalid_argument", "Allowed choices are table, json, env, tsv"],
    [["--output", "env", "--json"], "conflicting_options", "--json and --output env"],
  ])("%j → %s", async (args, code, message) => {
    const result = await runRecorded(emulator, ["vars", "list", ...args, "--json"], { env });
    expect(result.code).toBe(2);
    expect(result.requests).toEqual([]);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "usage", code });
    expect(errorOf(result.stderr).message).toContain(message);
  });
});

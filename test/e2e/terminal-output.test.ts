import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, runCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator } from "../helpers/emulator.js";
import { hasScript, runInTerminal } from "../helpers/terminal.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});

// Spawned: only a process on a real pseudo-terminal sees a TTY, its width and its colours.
/** A terminal 120 columns wide, with colour allowed (no NO_COLOR, a TERM that can show it). */
function onTerminal(args: string, extraEnv: Record<string, string> = {}) {
  const home = tempHome();
  return runInTerminal(
    `stty cols 120; node ${BIN} ${args}`,
    {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        XDG_CONFIG_HOME: join(home, ".config"),
        TERM: "xterm",
        ...apiKeyEnv(emulator),
        ...extraEnv,
      },
    },
    [],
  );
}

const ESC = "\u001b[";
// The top-level page's description of `vars` is longer than 80 columns (help globals keeps to one line a flag).
const WIDE_LINE = /vars\s+Set, get, list, delete, apply, compare, copy and export device variables\./;

describe.runIf(hasScript)("on a terminal", () => {
  it("colours the table", async () => {
    const run = await onTerminal("vars list");
    expect(run.code).toBe(0);
    expect(run.output).toContain(ESC);
    expect(run.output).toContain("region");
  });

  it("prints no colour with NO_COLOR", async () => {
    const run = await onTerminal("vars list", { NO_COLOR: "1" });
    expect(run.code).toBe(0);
    expect(run.output).not.toContain(ESC);
  });

  it("wraps help to the terminal's width", async () => {
    const run = await onTerminal("--help");
    expect(run.code).toBe(0);
    expect(run.output).toMatch(WIDE_LINE);
  });
});

describe("on a pipe", () => {
  it("prints no colour, even without NO_COLOR", async () => {
    const result = await runCli(["vars", "list"], { env: { ...apiKeyEnv(emulator), NO_COLOR: undefined } });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("region");
    expect(result.stdout + result.stderr).not.toContain(ESC);
  });

  it("wraps help at 80 columns", async () => {
    const result = await runCli(["--help"]);
    expect(result.stdout).not.toMatch(WIDE_LINE);
    expect(result.stdout).toMatch(
      /vars\s+Set, get, list, delete, apply, compare, copy and export\n\s+device variables\.\n/,
    );
  });
});

import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import type { Io } from "../../src/context.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { tempHome } from "../helpers/cli.js";
import { managementEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { memoryStream } from "../helpers/streams.js";

// The confirmation needs a terminal, which a child process in a test does not have: these run the CLI
// in-process with a fake TTY on stdin and stderr, against the emulator over HTTP.
const HWID = "hw-0300-prompt";
const DEVICE = 1698663677416900;

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push({
    id: DEVICE,
    hardwareId: HWID,
    variables: { yes1: "one", yes2: "two", no1: "stays", noinput: "stays too", quick: "q" },
  });
  emulator = await startTestEmulator({ seed });
});

async function runOnTerminal(args: string[], answer: string) {
  const stdin = Readable.from([Buffer.from(answer)]) as Readable & { isTTY?: boolean };
  stdin.isTTY = true;
  const stdout = memoryStream();
  const stderr = memoryStream(true);
  const home = tempHome();
  const io: Io = {
    argv: ["vars", "unset", ...args],
    env: { ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: HWID }), NO_COLOR: "1" },
    cwd: home,
    homedir: home,
    stdin,
    stdout,
    stderr,
    now: () => new Date(),
    onInterrupt: () => () => {},
  };
  const before = emulator.requests.length;
  const code = await runCli(io);
  const deleted = emulator.requests.slice(before).filter((r) => r.method === "DELETE").length;
  return { code, stdout: stdout.text, stderr: stderr.text, deleted };
}

const variableNames = () =>
  [...(emulator.state.licenses[0]?.devices.find((d) => d.id === DEVICE)?.variables.keys() ?? [])].sort();

describe("vars unset on a terminal", () => {
  it("shows each variable with its current value, asks, and deletes on y", async () => {
    const result = await runOnTerminal(["yes1", "yes2"], "y\n");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`About to delete 2 variables from device ${DEVICE} (license 1001)`);
    expect(result.stderr).toContain(
      "VARIABLE  VALUE\nyes1      one\nyes2      two\nDelete these 2 variables? [y/N] ",
    );
    expect(result.stdout).toBe("VARIABLE  VALUE\nyes1      one\nyes2      two\n"); // a pipe: no caption
    expect(result.deleted).toBe(2);
    expect(variableNames()).not.toContain("yes1");
  });

  it("deletes nothing and exits 2 quietly when the answer is n: a choice, not an error message", async () => {
    const result = await runOnTerminal(["no1"], "n\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Delete it? [y/N] ");
    expect(result.stderr).toMatch(/\[y\/N\] [^\n]*\n?Cancelled: nothing was deleted\.\n$/);
    expect(result.stderr).not.toContain("error:");
    expect(result.stderr).not.toContain("hint:");
    expect(result.stdout).toBe("");
    expect(result.deleted).toBe(0);
    expect(variableNames()).toContain("no1");
  });

  it("does not ask with --no-input, even on a terminal, and sends nothing", async () => {
    const before = emulator.requests.length;
    const result = await runOnTerminal(["noinput", "--no-input"], "y\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("prompts are disabled by --no-input");
    expect(emulator.requests.length).toBe(before);
    expect(variableNames()).toContain("noinput");
  });

  it("does not ask with --yes", async () => {
    const result = await runOnTerminal(["quick", "--yes"], "");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.deleted).toBe(1);
  });
});

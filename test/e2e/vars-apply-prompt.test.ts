import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli.js";
import type { Io } from "../../src/context.js";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { tempHome } from "../helpers/cli.js";
import { apiKeyEnv, managementEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { memoryStream } from "../helpers/streams.js";

// Deleting asks first on a terminal: in-process with a fake TTY on stdin and stderr, like unset-prompt.test.ts.
const NO_HWID = "hw-apply-prompt-no";
const YES_HWID = "hw-apply-prompt-yes";
let emulator: RunningEmulator;
let home: string;
beforeAll(async () => {
  const seed = testSeed();
  seed.licenses[0]?.devices?.push(
    { hardwareId: NO_HWID, variables: { keep: "old", gone: "g" } },
    { hardwareId: YES_HWID, variables: { keep: "old", gone: "g" } },
  );
  emulator = await startTestEmulator({ seed });
  home = tempHome();
  writeFileSync(join(home, "desired.env"), "keep=new\n");
});

async function applyOnTerminal(hardwareId: string, answer: string, env: Record<string, string> = {}) {
  const stdin = Readable.from([Buffer.from(answer)]) as Readable & { isTTY?: boolean };
  stdin.isTTY = true;
  const stdout = memoryStream();
  const stderr = memoryStream(true);
  const io: Io = {
    argv: ["vars", "apply", "--file", "desired.env", "--prune"],
    env: {
      ...apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
      ...managementEnv(emulator, { LICENSECTL_HARDWARE_ID: hardwareId }),
      NO_COLOR: "1",
      ...env,
    },
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
  const writes = emulator.requests
    .slice(before)
    .filter((r) => r.method === "DELETE" || r.path.endsWith("track_device_variables"));
  return { code, stdout: stdout.text, stderr: stderr.text, writes };
}

describe("vars apply --prune on a terminal", () => {
  it("shows the plan and asks; the default (Enter) is No, and nothing is sent", async () => {
    const result = await applyOnTerminal(NO_HWID, "\n");
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Apply it, deleting 1 variable? [y/N] ");
    expect(result.stderr).toMatch(/gone\s+remove\s+g\n/);
    expect(result.stderr).toMatch(/keep\s+change\s+old → new\n/);
    expect(result.stderr).toContain("Cancelled: nothing was sent.");
    expect(result.writes).toEqual([]);
  });

  it("on y sets and deletes", async () => {
    const result = await applyOnTerminal(YES_HWID, "y\n");
    expect(result.code).toBe(0);
    expect(result.writes.map((r) => r.method)).toEqual(["POST", "DELETE"]);
  });

  it("does not ask with CI=true, even on a terminal: --yes is needed", async () => {
    const result = await applyOnTerminal(NO_HWID, "y\n", { CI: "true" });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("[y/N]");
    expect(result.writes).toEqual([]);
  });
});

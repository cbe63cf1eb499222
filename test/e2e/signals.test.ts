import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { BIN, spawnCli, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, startTestEmulator, testSeed } from "../helpers/emulator.js";
import { startServer } from "../helpers/http.js";

/** A server that never answers; resolves each request as it arrives, so the test can act mid-request. */
async function silentServer() {
  const arrivals: IncomingMessage[] = [];
  let arrived: (request: IncomingMessage) => void = () => {};
  const server = await startServer((request) => {
    arrivals.push(request);
    arrived(request);
  });
  const nextRequest = () =>
    new Promise<IncomingMessage>((resolve) => {
      arrived = resolve;
    });
  return { ...server, nextRequest, arrivals };
}

// Spawned throughout: real signals, real pipes and the exit of a real process are what this file tests.
describe("signals", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s during a request aborts it and exits %i with one short line", async (signal, exit) => {
    const emulator = await startTestEmulator();
    const server = await silentServer();
    const request = server.nextRequest();
    const { child, result } = spawnCli(["vars", "list"], {
      env: apiKeyEnv(emulator, { LICENSECTL_API_URL: server.origin, LICENSECTL_TIMEOUT: "600000" }),
    });
    const arrived = await request;
    const aborted = once(arrived.socket, "close");
    child.kill(signal);
    const { code, stdout, stderr } = await result;
    expect(code).toBe(exit);
    expect(stdout).toBe("");
    expect(stderr).toBe(`Interrupted (${signal}).\n`);
    await aborted; // the request in flight was abandoned, not left open
    expect(server.arrivals).toHaveLength(1);
  });
});

describe("closed pipes", () => {
  it.each([[["vars", "set", "--help"]], [["vars", "list"]]])(
    "%j exits quietly when the reader of stdout went away",
    async (args) => {
      const emulator = await startTestEmulator();
      const { child, result } = spawnCli(args, { env: apiKeyEnv(emulator) });
      child.stdout.destroy(); // like `| head -1` having exited: every write to stdout now fails with EPIPE
      const { code, stderr } = await result;
      expect(stderr).toBe("");
      expect(code).toBe(0);
    },
  );
});

/** A seed whose test device has 2,000 variables: `vars list --json` prints far more than a pipe holds. */
function bigSeed() {
  const seed = testSeed();
  const device = seed.licenses[0]?.devices?.[0];
  if (!device) throw new Error("the test seed has no device");
  device.variables = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`key_${i}`, `value ${i}`]));
  return seed;
}

/**
 * Linux names in /proc/PID/wchan what a sleeping process waits in: a pipe write, once the pipe is full. A
 * kernel that hides it gets 5 seconds instead, far more than the run needs to get there.
 */
async function blockedOnPipeWrite(pid: number): Promise<void> {
  for (let tries = 0; tries < 250; tries++) {
    try {
      if (/pipe_write$/.test(readFileSync(`/proc/${pid}/wchan`, "utf8"))) return;
    } catch {
      // no such file here: wait out the 5 seconds
    }
    await sleep(20);
  }
}

/** Run `script` with sh in a fresh home, pointed at the emulator; resolves with its stdout and stderr. */
function shell(
  script: string,
  home: string,
  emulator: RunningEmulator,
): Promise<{ stdout: string; stderr: string }> {
  const child = spawn("sh", ["-c", script], {
    cwd: home,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      XDG_CONFIG_HOME: join(home, ".config"),
      ...apiKeyEnv(emulator),
    },
  });
  const output = { stdout: "", stderr: "" };
  child.stdout.on("data", (chunk: Buffer) => {
    output.stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output.stderr += chunk.toString();
  });
  return once(child, "close").then(() => output);
}

describe("a real pipe whose reader went away", () => {
  it("ends the run quietly with its own exit code (sh: licensectl … | head -c 1)", async () => {
    const emulator = await startTestEmulator({ seed: bigSeed() });
    const script = `{ node "${BIN}" vars list --json; echo "status $?" >&2; } | head -c 1`;
    const { stdout, stderr } = await shell(script, tempHome(), emulator);
    expect(stdout).toBe("[");
    expect(stderr).toBe("status 0\n");
  });
});

describe("a signal while stdout waits on a slow reader", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s still ends the run with %i once the reader takes the output", async (signal, exit) => {
    const emulator = await startTestEmulator({ seed: bigSeed() });
    const home = tempHome();
    const pidFile = join(home, "pid");
    const go = join(home, "go");
    // A real pipe (sh's |), read only once the test creates the file "go": licensectl's pid is written to
    // "pid", its exit status to stderr after the pipe was drained.
    const script =
      `{ node "${BIN}" vars list --json & echo $! > "${pidFile}"; wait $!; echo "status $?" >&2; } | ` +
      `{ while [ ! -e "${go}" ]; do sleep 0.05; done; wc -c; }`;
    const closed = shell(script, home, emulator);
    while (!existsSync(pidFile)) await sleep(20);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await blockedOnPipeWrite(pid);
    process.kill(pid, signal);
    await sleep(200);
    writeFileSync(go, "");
    const { stdout, stderr } = await closed;
    expect(stderr).toBe(`status ${exit}\n`);
    expect(Number(stdout.trim())).toBeGreaterThan(128 * 1024); // the whole output, then the exit code
  });
});

import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { globalAgent as httpAgent } from "node:http";
import { globalAgent as httpsAgent } from "node:https";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { runCli as runCliInProcess } from "../../src/cli.js";
import type { RecordedRequest } from "../../src/emulator/server.js";
import type { WritableStream } from "../../src/output/output.js";

export const BIN = fileURLToPath(new URL("../../bin/licensectl.cjs", import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Added to the clean environment. */
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly input?: string;
}

const homes: string[] = [];
/** Remove the temporary homes made so far (after each test file: test/helpers/after-each-file.ts). */
export function removeTempHomes(): void {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
}

/** A fresh temporary HOME with an XDG config dir; removed after the test file. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), "licensectl-test-"));
  mkdirSync(join(home, ".config"), { recursive: true });
  homes.push(home);
  return home;
}

/**
 * The environment a run sees (temporary HOME and XDG_CONFIG_HOME, NO_COLOR, PATH, then options.env), and
 * the directory it starts in (options.cwd, else the temporary home).
 */
function cleanEnv(options: RunOptions): { env: Record<string, string>; cwd: string } {
  const home = options.env?.HOME ?? tempHome();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    NO_COLOR: "1",
  };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return { env, cwd: options.cwd ?? home };
}

interface Collector extends WritableStream {
  readonly text: string;
  /** Resolves once the text holds `text`; rejects if `ended` settles first. */
  printed(text: string, ended: Promise<CliResult>): Promise<void>;
}

/** A non-TTY stdout/stderr that keeps what was written, as src/output/output.ts writes it. */
function collector(): Collector {
  let text = "";
  const waiting = new Set<() => void>();
  return {
    isTTY: false,
    columns: undefined,
    get text() {
      return text;
    },
    write(chunk: string) {
      text += chunk;
      for (const check of [...waiting]) check();
      return true;
    },
    printed(expected, ended) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!text.includes(expected)) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
        ended.then(
          (run) =>
            reject(new Error(`the run ended (exit ${run.code}) before printing ${expected}: ${run.stderr}`)),
          reject,
        );
      });
    },
  };
}

/**
 * Run the CLI in this process (runCli(io) from src/cli.ts) with the Io the real entry would build for a
 * child with a clean environment: temporary HOME and XDG_CONFIG_HOME, NO_COLOR, no inherited LICENSECTL_*
 * or proxy variables, stdin from options.input (not a terminal), stdout and stderr collected (not
 * terminals). Use spawnCli for what only a real process has: stdio, pipes, signals, bin/ and the bundle.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** A run in progress in this process (a command that runs until stopped, like `emulator`). */
export interface StartedCli {
  /** What the run printed so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout holds `text`. */
  readonly printed: (text: string) => Promise<void>;
  /** What Ctrl+C (SIGINT) or SIGTERM delivers to the real entry's run. */
  readonly interrupt: (signal?: "SIGINT" | "SIGTERM") => void;
  readonly result: Promise<CliResult>;
}

/** Like runCli, with the run at hand while it runs: to read what it printed so far, or to interrupt it. */
export function startCli(args: readonly string[], options: RunOptions = {}): StartedCli {
  const { env, cwd } = cleanEnv(options);
  const stdout = collector();
  const stderr = collector();
  const listeners = new Set<(signal: "SIGINT" | "SIGTERM") => void>();
  const code = runCliInProcess({
    argv: [...args],
    env,
    // A child's process.cwd() is the physical directory, symlinks resolved; os.homedir() reads HOME.
    cwd: realpathSync(cwd),
    homedir: env.HOME ?? userInfo().homedir,
    stdin: Readable.from(options.input ? [Buffer.from(options.input)] : []),
    stdout,
    stderr,
    now: () => new Date(),
    onInterrupt: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  const result = code.then((exit) => {
    closeIdleConnections();
    return { code: exit, signal: null, stdout: stdout.text, stderr: stderr.text };
  });
  return {
    stdout: () => stdout.text,
    stderr: () => stderr.text,
    printed: (text) => stdout.printed(text, result),
    interrupt: (signal = "SIGINT") => {
      for (const listener of [...listeners]) listener(signal);
    },
    result,
  };
}

/**
 * A run in a process of its own ends with its keep-alive connections; in this process they would stay in
 * Node's global agents and be reused by the next run, which a real run never does. Sockets in use (another
 * run at the same time) are left alone.
 */
function closeIdleConnections(): void {
  for (const agent of [httpAgent, httpsAgent]) {
    for (const sockets of Object.values(agent.freeSockets))
      for (const socket of sockets ?? []) socket.destroy();
  }
}

/** The built CLI (bin/licensectl.cjs) as a child process with the same clean environment as runCli. */
export function spawnCli(
  args: readonly string[],
  options: RunOptions = {},
): { child: ChildProcessWithoutNullStreams; result: Promise<CliResult> } {
  const { env, cwd } = cleanEnv(options);
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env });
  const result = new Promise<CliResult>((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
  return { child, result };
}

/** Run the CLI against an emulator, and also return the requests the emulator answered meanwhile. */
export async function runRecorded(
  emulator: { readonly requests: readonly RecordedRequest[] },
  args: readonly string[],
  options: RunOptions = {},
): Promise<CliResult & { readonly requests: RecordedRequest[] }> {
  const before = emulator.requests.length;
  const result = await runCli(args, options);
  return { ...result, requests: emulator.requests.slice(before) };
}

/** The error object a run printed on stderr with --json. */
export function errorOf(stderr: string): Record<string, unknown> {
  return (JSON.parse(stderr) as { error: Record<string, unknown> }).error;
}

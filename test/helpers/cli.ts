import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";
import type { RecordedRequest } from "../../src/emulator/server.js";

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
afterAll(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

/** A fresh temporary HOME with an XDG config dir; removed after the test file. */
export function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), "licensectl-test-"));
  mkdirSync(join(home, ".config"), { recursive: true });
  homes.push(home);
  return home;
}

/**
 * Run the built CLI as a child process with a clean environment: temporary HOME and XDG_CONFIG_HOME,
 * NO_COLOR, no inherited LICENSECTL_* or proxy variables.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).result;
}

/** Like runCli, with the child at hand: to signal it, or to close its stdout early. */
export function spawnCli(
  args: readonly string[],
  options: RunOptions = {},
): { child: ChildProcessWithoutNullStreams; result: Promise<CliResult> } {
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
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? home, env });
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

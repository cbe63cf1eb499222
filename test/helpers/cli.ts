import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RecordedRequest } from "../../src/emulator/server.js";
import { type CliResult, cleanEnv, type RunOptions } from "./clean-env.js";
import { startCli } from "./in-process-cli.js";

export { type CliResult, type RunOptions, removeTempHomes, tempHome } from "./clean-env.js";
export { type StartedCli, startCli } from "./in-process-cli.js";

export const BIN = fileURLToPath(new URL("../../bin/licensectl.cjs", import.meta.url));

/**
 * Run the CLI in this process (runCli(io) from src/cli.ts) with the Io the real entry would build for a
 * child with a clean environment: temporary HOME and XDG_CONFIG_HOME, NO_COLOR, no inherited LICENSECTL_*
 * or proxy variables, stdin from options.input (not a terminal), stdout and stderr collected (not
 * terminals). Use spawnCli for what only a real process has: stdio, pipes, signals, bin/ and the bundle.
 */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
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

import { type CliResult, type RunOptions, spawnCli } from "../helpers/cli.js";

/**
 * runCli with a deadline: a run still going after `ms` is killed (SIGKILL) and reported with code null. An
 * attack that hangs the CLI (a FIFO, /dev/zero) then fails its test instead of leaving a process behind.
 */
export async function runWithin(
  args: readonly string[],
  options: RunOptions,
  ms = 5_000,
): Promise<CliResult> {
  const { child, result } = spawnCli(args, options);
  const timer = setTimeout(() => child.kill("SIGKILL"), ms);
  try {
    return await result;
  } finally {
    clearTimeout(timer);
  }
}

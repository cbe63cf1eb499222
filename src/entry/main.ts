import { runCli } from "../cli.js";
import { EXIT_INTERRUPTED, EXIT_TERMINATED } from "../core/cli-error.js";
import { stdioStream } from "./process-stdio.js";

/**
 * os.homedir() answers $HOME when it is set; node:os itself (and what it loads) is needed only when not.
 * LEVER built-ins off the hot path — `vars list --json` loads 114 Node built-ins, 124 before (fs/promises,
 * timers/promises and os gone; listed by process.moduleLoadList at exit; docs/performance.md).
 */
function homedir(): string {
  return process.env.HOME || process.getBuiltinModule("node:os").homedir();
}

/** The process boundary: real streams, environment, clock and signals in; the exit code out. */
export async function main(argv: readonly string[]): Promise<void> {
  process.exitCode = await runCli({
    argv,
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    get stdin() {
      return process.stdin;
    },
    stdout: stdioStream(1, () => process.stdout),
    stderr: stdioStream(2, () => process.stderr),
    now: () => new Date(),
    onInterrupt: (listener) => {
      process.on("SIGINT", listener);
      process.on("SIGTERM", listener);
      return () => {
        process.off("SIGINT", listener);
        process.off("SIGTERM", listener);
      };
    },
  });
  // Interrupted: the run has cleaned up what it could; nothing left (a keep-alive socket) may delay the exit.
  if (process.exitCode === EXIT_INTERRUPTED || process.exitCode === EXIT_TERMINATED) process.exit();
}

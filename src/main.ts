import { homedir } from "node:os";
import { VERSION } from "./version.js";

/**
 * A reader that went away (`licensectl vars list | head -1`) is not an error worth a stack trace: what it
 * did not read is dropped, and the run ends with its own exit code, as if nothing happened.
 */
function dropWritesToClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
}

/**
 * Entry point. `--version` is answered before anything else is loaded; every other path loads the CLI.
 */
dropWritesToClosedPipe(process.stdout);
dropWritesToClosedPipe(process.stderr);
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { runCli } = await import("./cli.js");
  const { EXIT_INTERRUPTED, EXIT_TERMINATED } = await import("./errors.js");
  process.exitCode = await runCli({
    argv,
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
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

import { homedir } from "node:os";
import { runCli } from "./cli.js";
import { EXIT_INTERRUPTED, EXIT_TERMINATED } from "./errors.js";
import type { WritableStream } from "./output/output.js";

/**
 * A reader that went away (`licensectl vars list | head -1`) is not an error worth a stack trace: what it
 * did not read is dropped, and the run ends with its own exit code, as if nothing happened.
 */
function dropWritesToClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
  return stream;
}

/** process.stdout and friends cost milliseconds to set up: only on first use, and only those used. */
function lazyStream(open: () => NodeJS.WriteStream): WritableStream {
  let stream: NodeJS.WriteStream | undefined;
  const get = () => {
    stream ??= dropWritesToClosedPipe(open());
    return stream;
  };
  return {
    write: (chunk) => get().write(chunk),
    get isTTY() {
      return get().isTTY;
    },
  };
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
    stdout: lazyStream(() => process.stdout),
    stderr: lazyStream(() => process.stderr),
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

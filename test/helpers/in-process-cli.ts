import { realpathSync } from "node:fs";
import { globalAgent as httpAgent } from "node:http";
import { globalAgent as httpsAgent } from "node:https";
import { userInfo } from "node:os";
import { Readable } from "node:stream";
import { runCli as runCliInProcess } from "../../src/cli.js";
import type { WritableStream } from "../../src/output/output.js";
import { type CliResult, cleanEnv, type RunOptions } from "./clean-env.js";

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
export function startCli(
  args: readonly string[],
  options: RunOptions & {
    /** A stdin the test keeps writing to (a pipe left open); options.input otherwise, then its end. */
    readonly stdin?: Readable;
  } = {},
): StartedCli {
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
    stdin: options.stdin ?? Readable.from(options.input ? [Buffer.from(options.input)] : []),
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

import { fstatSync, writeSync } from "node:fs";
import type { WritableStream } from "../output/output.js";

/**
 * stdout or stderr for one run, set up only as far as the run needs.
 *
 * LEVER write(2) stdio — re-measured 2026-12-06, `vars list --json` to a pipe against process.stdout: CPU
 * 158.9 vs 166.4 ms on Node 20 (−4.5%, wall −11%), 208.7 vs 206.1 ms on Node 24 (within noise, wall −4%)
 * (perf task-clock medians of 12 alternating pairs, load 13–19; docs/performance.md). Kept for Node 20; its
 * cost is the two event-loop turns src/cli.ts waits before it returns (signalsDelivered).
 * Creating process.stdout for a pipe loads Node's stream machinery for it. So output to a pipe or a file is
 * written with write(2) directly, synchronously, as Node writes to files anyway (to pipes, Node writes asynchronously). A reader that is
 * slow to read therefore holds the run at a write; a signal that comes meanwhile is handled after it
 * (src/cli.ts lets it decide the exit code). A terminal (or /dev/null: any character device), Windows, and
 * a non-blocking pipe that is full (EAGAIN) get the real stream, from then on, so the order of writes is kept.
 *
 * A reader that went away (`licensectl vars list | head -1`) is not an error worth a stack trace: what it
 * did not read is dropped, and the run ends with its own exit code, as if nothing happened.
 */
export function stdioStream(fd: number, open: () => NodeJS.WriteStream): WritableStream {
  let stream: NodeJS.WriteStream | undefined;
  let direct: boolean | undefined;
  let closed = false;
  const real = (): NodeJS.WriteStream => {
    direct = false;
    stream ??= dropWritesToClosedPipe(open());
    return stream;
  };
  const writesDirectly = (): boolean => {
    direct ??= process.platform !== "win32" && !isCharacterDevice(fd);
    return direct;
  };
  return {
    write(chunk) {
      if (closed) return false;
      if (!writesDirectly()) return real().write(chunk);
      const bytes = Buffer.from(chunk, "utf8");
      let written = 0;
      try {
        while (written < bytes.length) written += writeSync(fd, bytes, written);
        return true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EPIPE") {
          closed = true;
          return false;
        }
        if (code !== "EAGAIN") throw error;
        return real().write(bytes.subarray(written));
      }
    },
    get isTTY() {
      return writesDirectly() ? false : real().isTTY === true;
    },
    get columns() {
      return writesDirectly() ? undefined : real().columns;
    },
  };
}

/** Only a character device can be a terminal; fstat answers without loading node:tty (and node:net). */
function isCharacterDevice(fd: number): boolean {
  try {
    return fstatSync(fd).isCharacterDevice();
  } catch {
    return true; // not an open file: let Node's stream deal with it
  }
}

function dropWritesToClosedPipe(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
  });
  return stream;
}

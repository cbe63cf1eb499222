import { Output } from "../../src/output/output.js";

/** A writable that keeps what was written, for in-process tests of output. */
export interface MemoryStream {
  text: string;
  readonly isTTY: boolean;
  write(chunk: string): boolean;
}

export function memoryStream(isTTY = false): MemoryStream {
  const stream: MemoryStream = {
    text: "",
    isTTY,
    write(chunk) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

/** An Output writing to memory streams (no colour), and what it wrote. */
export function captureOutput(
  options: { json?: boolean; quiet?: boolean; debug?: boolean; tty?: boolean } = {},
) {
  const stdout = memoryStream(options.tty ?? false);
  const stderr = memoryStream();
  const out = new Output({
    stdout,
    stderr,
    env: {},
    color: false,
    json: options.json ?? false,
    quiet: options.quiet ?? false,
    debug: options.debug ?? false,
  });
  return {
    out,
    streams: {
      get stdout() {
        return stdout.text;
      },
      get stderr() {
        return stderr.text;
      },
    },
  };
}

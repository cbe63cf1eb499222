import { resolve } from "node:path";
import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { RefusedFile, readRegularFile } from "../../../core/safe-read.js";
import { parseDotenv } from "../../../variables/dotenv.js";
import { parseJsonVariables } from "../../../variables/json-variables.js";
import { inferValue, type ParseOptions, type VariableValue } from "../../../variables/variable-args.js";

export type FileFormat = "json" | "dotenv";

export interface VariablesFileOptions extends ParseOptions {
  /** A path relative to the working directory, or `-` for stdin. */
  readonly path: string;
  /** Forced format; detected from the content when absent. */
  readonly format?: FileFormat | undefined;
}

/**
 * Read the variables of `--file`: a JSON object or dotenv, taken exactly as written. Empty input, or
 * input without a single variable, is a usage error: never a silent empty write.
 */
export async function readVariablesFile(
  ctx: Context,
  options: VariablesFileOptions,
): Promise<Map<string, VariableValue>> {
  const source = options.path === "-" ? "stdin" : options.path;
  const text = decodeUtf8(await readInput(ctx, options.path), source);
  if (text.trim() === "") {
    throw usageError(`${source} is empty: there is nothing to set.`, emptyHint(source), "empty_input");
  }
  const format = options.format ?? detectFormat(text);
  const variables =
    format === "json" ? parseJsonVariables(text, source) : dotenvVariables(text, source, options);
  if (variables.size === 0) {
    throw usageError(
      `${source} holds no variables: there is nothing to set.`,
      emptyHint(source),
      "empty_input",
    );
  }
  return variables;
}

/** dotenv values are text, typed like KEY=VALUE arguments (unless --string). */
function dotenvVariables(text: string, source: string, options: ParseOptions): Map<string, VariableValue> {
  const typed = (value: string) => (options.stringsOnly ? value : inferValue(value));
  return new Map(parseDotenv(text, source).map(({ key, value }) => [key, typed(value)]));
}

/**
 * JSON when the first character that is not whitespace or a byte-order mark is `{` (or `[`, so that an
 * array is refused as JSON, with a clear message); dotenv otherwise.
 */
export function detectFormat(text: string): FileFormat {
  return /^[{[]/.test(text.trimStart()) ? "json" : "dotenv";
}

/** A variables file is a device's metadata: far below this. Stdin is held to the same cap. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

async function readInput(ctx: Context, path: string): Promise<Uint8Array> {
  if (path === "-") {
    if (ctx.io.stdin.isTTY) ctx.out.info("Reading variables from the terminal; end with Ctrl+D.");
    return readStdin(ctx);
  }
  try {
    // A FIFO would hang the run and /dev/zero fill memory: regular files only, judged before the read.
    return readRegularFile(resolve(ctx.io.cwd, path), { maxBytes: MAX_FILE_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      error instanceof RefusedFile ? error.reason : (READ_ERRORS[code ?? ""] ?? (error as Error).message);
    throw usageError(
      `Cannot read --file ${path}: ${reason}.`,
      "Pass the path of a regular JSON or dotenv file, or --file - to read stdin.",
      "unreadable_file",
    );
  }
}

/** Stdin to its end, or until the run is interrupted (Ctrl+C ends the read at once), or past the cap. */
function readStdin(ctx: Context): Promise<Buffer> {
  const stdin = ctx.io.stdin;
  return new Promise<Buffer>((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const finish = (error?: unknown) => {
      stdin.off("data", onData).off("end", onEnd).off("error", finish);
      ctx.signal.removeEventListener("abort", onAbort);
      stdin.pause();
      if (error === undefined) resolvePromise(Buffer.concat(chunks, total));
      else reject(error);
    };
    const onData = (chunk: Buffer | string) => {
      const bytes = Buffer.from(chunk);
      total += bytes.length;
      chunks.push(bytes);
      if (total > MAX_FILE_BYTES) {
        finish(
          usageError(
            `stdin is larger than ${MAX_FILE_BYTES} bytes, the most --file reads.`,
            undefined,
            "input_too_large",
          ),
        );
      }
    };
    const onEnd = () => finish();
    const onAbort = () => finish(ctx.signal.reason);
    if (ctx.signal.aborted) return onAbort();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    stdin.on("data", onData).once("end", onEnd).once("error", finish);
  });
}

const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: "no such file",
  EISDIR: "it is a directory",
  EACCES: "permission denied",
};

/** Strict UTF-8: a file in another encoding is refused rather than stored with replacement characters. */
function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw usageError(`${source} is not UTF-8 text.`, "Save it as UTF-8 and retry.", "invalid_encoding");
  }
}

function emptyHint(source: string): string {
  return source === "stdin"
    ? 'Pipe KEY=VALUE lines or a JSON object into --file -, e.g. echo "channel=beta" | licensectl vars set --file -.'
    : "Add KEY=VALUE lines or a JSON object to the file.";
}

import type { Context } from "../../../context.js";
import { usageError } from "../../../core/cli-error.js";
import { parseVariableArgs, type VariableValue } from "../../../variables/variable-args.js";
import { type FileFormat, readVariablesFile } from "./read-variables-file.js";

export interface SetInputOptions {
  /** `--string`: no type inference for KEY=VALUE arguments and dotenv values. */
  readonly stringsOnly: boolean;
  /** `--file`: a path, or `-` for stdin. */
  readonly file?: string | undefined;
  readonly format?: FileFormat | undefined;
}

/**
 * What `vars set` will send: the file's variables, then the arguments, which win for the same name.
 * Every argument is checked before the file is read, and both before anything is sent.
 */
export async function collectSetVariables(
  ctx: Context,
  pairs: readonly string[],
  options: SetInputOptions,
): Promise<Map<string, VariableValue>> {
  const fromArgs = parseVariableArgs(pairs, { stringsOnly: options.stringsOnly });
  if (options.file === undefined) {
    if (options.format !== undefined) {
      throw usageError(
        "--format applies to --file, which is not given.",
        "Pass --file <path> (or - for stdin).",
      );
    }
    if (fromArgs.size === 0) {
      throw usageError(
        "Nothing to set: no KEY=VALUE arguments and no --file.",
        "Pass KEY=VALUE arguments, or --file <path> (- for stdin) with a JSON object or dotenv lines.",
        "missing_argument",
      );
    }
    return fromArgs;
  }
  const fromFile = await readVariablesFile(ctx, {
    path: options.file,
    format: options.format,
    stringsOnly: options.stringsOnly,
  });
  return new Map([...fromFile, ...fromArgs]);
}

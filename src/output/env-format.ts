import type { DeviceVariable } from "../api/device-variables.js";
import { shellQuote } from "../core/shell-quote.js";
import { escapeControl } from "./escape-terminal.js";
import type { Output } from "./output.js";

/** Names a POSIX shell accepts in an assignment. */
export const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `KEY='value'` lines that a POSIX shell can eval: values are single-quoted, so nothing in them is
 * expanded or run. A name that is not a shell identifier, or a value with a NUL (which no shell variable
 * can hold), is skipped with a warning on stderr. On a terminal, control characters are shown escaped.
 */
export function renderEnv(
  out: Output,
  variables: ReadonlyArray<Pick<DeviceVariable, "variable" | "value">>,
): void {
  const lines: string[] = [];
  for (const { variable, value } of variables) {
    const text = String(value);
    if (!SHELL_NAME.test(variable)) {
      out.warn(`skipped ${JSON.stringify(escapeControl(variable))}: not a shell variable name.`);
    } else if (text.includes("\u0000")) {
      out.warn(`skipped ${variable}: its value holds a NUL character, which a shell variable cannot.`);
    } else {
      const line = `${variable}=${shellQuote(text)}`;
      lines.push(out.stdoutIsTTY ? escapeControl(line) : line);
    }
  }
  if (lines.length > 0) out.result(lines.join("\n"));
}

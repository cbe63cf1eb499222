import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import type { Io } from "./context.js";
import { usageError } from "./errors.js";

/**
 * Questions for a person at a terminal. `interactive` is false without a TTY on stdin and stderr, or with
 * --no-input: then every prompt is refused with a usage error naming the flag that answers it, never left
 * waiting on input that will not come.
 */
export interface Prompter {
  readonly interactive: boolean;
  /** y/N question; `flag` names what answers it without a prompt (e.g. "--yes"). */
  confirm(question: string, flag: string): Promise<boolean>;
  /** A line of text; with `secret`, nothing is echoed. */
  ask(question: string, options: { flag: string; secret?: boolean; defaultValue?: string }): Promise<string>;
}

export function createPrompter(io: Io, allowInput: boolean): Prompter {
  const interactive = allowInput && io.stdin.isTTY === true && io.stderr.isTTY === true;
  const refuse = (flag: string) =>
    usageError(
      allowInput
        ? "This needs an answer, but there is no terminal to ask on."
        : "This needs an answer, but prompts are disabled by --no-input.",
      `Pass ${flag} to answer it non-interactively.`,
      "prompt_refused",
    );

  async function readLine(question: string, secret: boolean): Promise<string> {
    io.stderr.write(question);
    const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: io.stdin, output: secret ? muted : asWritable(io), terminal: true });
    try {
      return await new Promise<string>((resolve, reject) => {
        rl.once("line", resolve);
        rl.once("close", () =>
          reject(usageError("Input ended before an answer was given.", undefined, "prompt_aborted")),
        );
      });
    } finally {
      rl.removeAllListeners("close");
      rl.close();
      if (secret) io.stderr.write("\n");
    }
  }

  return {
    interactive,
    async confirm(question, flag) {
      if (!interactive) throw refuse(flag);
      const answer = (await readLine(`${question} [y/N] `, false)).trim().toLowerCase();
      return answer === "y" || answer === "yes";
    },
    async ask(question, options) {
      if (!interactive) throw refuse(options.flag);
      const suffix = options.defaultValue ? ` [${options.defaultValue}]` : "";
      const answer = (await readLine(`${question}${suffix}: `, options.secret === true)).trim();
      return answer === "" ? (options.defaultValue ?? "") : answer;
    },
  };
}

/** readline echoes typed text to its output; for visible answers that is stderr. */
function asWritable(io: Io): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      io.stderr.write(String(chunk));
      done();
    },
  });
}

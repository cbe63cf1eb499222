import { createInterface, type Interface } from "node:readline";
import { Writable } from "node:stream";
import type { Io } from "../context.js";
import { usageError } from "../core/cli-error.js";
import { Interrupted } from "./interrupt.js";

export interface AskOptions {
  /** The flag or variable that answers this without a prompt, named when prompting is impossible. */
  readonly flag: string;
  /** Typed text is not echoed. */
  readonly secret?: boolean;
  /** Returned for an empty answer. */
  readonly defaultValue?: string;
  /** Shown instead of the default value (always used for secrets, which are never shown). */
  readonly defaultLabel?: string;
}

/**
 * Questions for a person at a terminal. `interactive` is false without a TTY on stdin and stderr, with
 * --no-input, or in CI (see whyNoPrompts): then every prompt is refused with a usage error naming the flag that answers it, never left
 * waiting on input that will not come.
 */
export interface Prompter {
  readonly interactive: boolean;
  /** y/N question; `flag` names what answers it without a prompt (e.g. "--yes"). */
  confirm(question: string, flag: string): Promise<boolean>;
  ask(question: string, options: AskOptions): Promise<string>;
  /** Release the terminal (restores its mode); call when done asking. */
  close(): void;
}

export function createPrompter(io: Io, allowInput: boolean): Prompter {
  const refusal = whyNoPrompts(io, allowInput);
  const interactive = refusal === undefined;
  let reader: LineReader | undefined;
  const refuse = (flag: string) =>
    usageError(
      `This needs an answer, but ${refusal ?? "prompts are disabled"}.`,
      `Pass ${flag} to answer it non-interactively.`,
      "prompt_refused",
    );
  const line = (question: string, secret: boolean, flag: string) => {
    if (!interactive) throw refuse(flag);
    reader ??= new LineReader(io);
    return reader.read(question, secret);
  };

  return {
    interactive,
    async confirm(question, flag) {
      const answer = (await line(`${question} [y/N] `, false, flag)).trim().toLowerCase();
      return answer === "y" || answer === "yes";
    },
    async ask(question, options) {
      const secret = options.secret === true;
      const label =
        options.defaultLabel ?? (secret || !options.defaultValue ? undefined : options.defaultValue);
      const suffix = options.defaultValue ? ` [${label ?? "keep current"}]` : "";
      const answer = (await line(`${question}${suffix}: `, secret, options.flag)).trim();
      return answer === "" ? (options.defaultValue ?? "") : answer;
    },
    close() {
      reader?.close();
    },
  };
}

/**
 * Why this run may not prompt, or undefined when it may: --no-input; a CI environment (CI=true, as CI
 * runners set it: they may give a job a terminal, and a prompt there waits until the job times out); or no
 * terminal on stdin and stderr. The one place that decides it.
 */
export function whyNoPrompts(io: Io, allowInput: boolean): string | undefined {
  if (!allowInput) return "prompts are disabled by --no-input";
  if (isCi(io.env.CI)) return `prompts are disabled in CI (CI=${io.env.CI})`;
  if (io.stdin.isTTY !== true || io.stderr.isTTY !== true) return "there is no terminal to ask on";
  return undefined;
}

/** CI=true (or any value but empty, 0 and false), the convention CI services and is-ci follow. */
function isCi(value: string | undefined): boolean {
  return value !== undefined && !["", "0", "false"].includes(value.trim().toLowerCase());
}

/**
 * One readline interface for the whole run, so lines typed (or pasted) ahead are queued, not lost between
 * questions. While a secret is asked, readline's echo is swallowed.
 */
class LineReader {
  private readonly queue: string[] = [];
  private waiting: { resolve: (line: string) => void; reject: (error: Error) => void } | undefined;
  private ended = false;
  private muted = false;
  private readonly rl: Interface;

  constructor(private readonly io: Io) {
    const echo = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) io.stderr.write(String(chunk));
        done();
      },
    });
    this.rl = createInterface({ input: io.stdin, output: echo, terminal: true });
    this.rl.on("line", (text) => {
      if (this.waiting) this.settle((w) => w.resolve(text));
      else this.queue.push(text);
    });
    // The terminal is in raw mode while readline reads, so Ctrl+C arrives here, not as a process signal.
    this.rl.on("SIGINT", () => this.settle((w) => w.reject(new Interrupted("SIGINT"))));
    this.rl.on("close", () => {
      this.ended = true;
      this.settle((w) =>
        w.reject(usageError("Input ended before an answer was given.", undefined, "prompt_aborted")),
      );
    });
  }

  async read(question: string, secret: boolean): Promise<string> {
    this.io.stderr.write(question);
    this.muted = secret;
    try {
      const queued = this.queue.shift();
      if (queued !== undefined) return queued;
      if (this.ended)
        throw usageError("Input ended before an answer was given.", undefined, "prompt_aborted");
      return await new Promise<string>((resolve, reject) => {
        this.waiting = { resolve, reject };
      });
    } finally {
      this.muted = false;
      if (secret) this.io.stderr.write("\n");
    }
  }

  close(): void {
    this.rl.close();
  }

  private settle(
    action: (waiting: { resolve: (line: string) => void; reject: (error: Error) => void }) => void,
  ) {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) action(waiting);
  }
}

/**
 * The question before a write to many devices (or an undo): true to go ahead. `--yes` answers it; without a
 * terminal, with --no-input or with CI=true (a pipeline, where nobody reads the plan) it is a usage error
 * naming --yes, before anything is sent. The default answer is No.
 */
export async function confirmWrite(
  io: Io,
  allowInput: boolean,
  question: string,
  yes: boolean,
  what = "This writes to many devices",
): Promise<boolean> {
  if (yes) return true;
  const refusal = whyNoPrompts(io, allowInput);
  if (refusal !== undefined) {
    throw usageError(
      `${what}, and ${refusal}: it needs --yes; nothing was sent.`,
      "Read the plan with --dry-run, then pass --yes.",
      "confirmation_required",
    );
  }
  const prompter = createPrompter(io, allowInput);
  try {
    return await prompter.confirm(question, "--yes");
  } finally {
    prompter.close();
  }
}

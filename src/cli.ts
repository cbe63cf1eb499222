import { CommanderError } from "commander";
import { readGlobals } from "./commands/global-flags.js";
import { buildProgram } from "./commands/program.js";
import type { Context, Io } from "./context.js";
import { CliError, EXIT_CODES, OutcomeExit, usageError, withHint } from "./core/cli-error.js";
import { Output } from "./output/output.js";
import { standaloneAdvice } from "./sessions/error-advice.js";
import { Interrupted, watchInterrupts } from "./terminal/interrupt.js";

/**
 * The process boundary: parse argv, run one command, turn any failure into stderr text and an exit code.
 * Never calls process.exit; returns the code.
 */
export async function runCli(io: Io): Promise<number> {
  let ctx: Context | undefined;
  const interrupts = watchInterrupts(io);
  const program = buildProgram(
    (json) => {
      const globals = { ...readGlobals(program), json };
      ctx = { io, globals, out: createOutput(io, globals), signal: interrupts.signal };
      return ctx;
    },
    {
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outColumns: () => (io.stdout.isTTY ? io.stdout.columns : undefined),
      errColumns: () => (io.stderr.isTTY ? io.stderr.columns : undefined),
    },
    io.argv,
  );

  try {
    await Promise.race([program.parseAsync([...io.argv], { from: "user" }), interrupts.insisted]);
    await signalsDelivered();
    return interrupts.signal.aborted ? (interrupts.signal.reason as Interrupted).exitCode : 0;
  } catch (error) {
    if (interrupts.signal.aborted) return reportInterrupted(io, interrupts.signal.reason as Interrupted);
    if (error instanceof Interrupted) return reportInterrupted(io, error); // Ctrl+C at a prompt
    if (error instanceof OutcomeExit) return error.exitCode; // not a failure: the command said all it had to
    // Created only when there is something to say: help already printed needs no stream set up.
    const out = () => ctx?.out ?? createOutput(io, fallbackGlobals(io.argv));
    return report(error, out, ctx?.globals.debug ?? io.argv.includes("--debug"));
  } finally {
    interrupts.dispose();
  }
}

/**
 * Output is written synchronously (src/entry/process-stdio.ts): a signal that came while a write waited on a slow reader
 * reaches its listener only in the event loop's next poll phase. The run may end inside a poll phase (the
 * response's last event), where one setImmediate would run before that poll; the second runs after it.
 */
function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** One short line: the user knows what they pressed, a stack trace or an error report would be noise. */
function reportInterrupted(io: Io, interrupted: Interrupted): number {
  io.stderr.write(`Interrupted (${interrupted.signal}).\n`);
  return interrupted.exitCode;
}

function createOutput(
  io: Io,
  globals: { json: boolean; quiet: boolean; color: boolean; debug: boolean },
): Output {
  return new Output({ stdout: io.stdout, stderr: io.stderr, env: io.env, ...globals });
}

/** Flags that shape error output, read from argv when commander failed before parsing finished. */
function fallbackGlobals(argv: readonly string[]) {
  const flags = argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);
  return {
    json: flags.includes("--json"),
    quiet: flags.includes("--quiet") || flags.includes("-q"),
    color: !flags.includes("--no-color"),
    debug: flags.includes("--debug"),
  };
}

function report(error: unknown, output: () => Output, debug: boolean): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
    // `licensectl help` exits 0; a group without its subcommand prints its help on stderr and exits 2.
    if (error.code === "commander.help") return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    // commander puts its suggestion on a line of its own, "(Did you mean list?)": it belongs in the hint.
    const [message = "", ...rest] = error.message.replace(/^error:\s*/i, "").split("\n");
    const suggestion = rest
      .join(" ")
      .replace(/^\((.*)\)$/, "$1")
      .trim();
    output().error(
      usageError(
        capitalise(message),
        `${suggestion ? `${suggestion} ` : ""}Run with --help to see the commands and options.`,
        usageCode(error.code),
      ),
    );
    return EXIT_CODES.usage;
  }
  const out = output();
  if (error instanceof CliError) {
    out.error(withHint(error, standaloneAdvice(error)));
    if (debug && error.cause instanceof Error && error.cause.stack) out.debug(`cause: ${error.cause.stack}`);
    return error.exitCode;
  }
  const internal = new CliError(
    "internal",
    `Unexpected internal error: ${error instanceof Error ? error.message : String(error)}`,
    {
      code: "internal_error",
      hint: debug
        ? "This is a bug in licensectl; please report it with the stack trace below."
        : "This is a bug in licensectl; rerun with --debug for the stack trace and report it.",
    },
  );
  out.error(internal);
  if (debug && error instanceof Error && error.stack) out.debug(error.stack);
  return internal.exitCode;
}

function usageCode(commanderCode: string): string {
  return commanderCode
    .replace(/^commander\./, "")
    .replace(/([A-Z])/g, "_$1")
    .toLowerCase();
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

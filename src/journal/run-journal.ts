import type { Context } from "../context.js";
import { shellQuote } from "../core/shell-quote.js";
import type { VariableValue } from "../variables/variable-args.js";
import {
  type ChangeLine,
  type JournalDevice,
  type JournalValue,
  type JournalWriter,
  openRun,
  pruneRuns,
} from "./journal-store.js";

/** What a command that changes variables tells the journal; a no-op with --no-journal. */
export interface RunJournal {
  /** The run's ID; undefined when the run is not journalled. */
  readonly id: string | undefined;
  record(change: Omit<ChangeLine, "type" | "at">): void;
  /** The run's outcome: ok, failed, interrupted, stopped. Closes the file. */
  end(outcome: string): void;
}

export const NO_JOURNAL: RunJournal = { id: undefined, record: () => {}, end: () => {} };

/**
 * Start journalling a run (and trim the journal to its bound). The command line is stored with every secret
 * the run knows removed.
 */
export function startRunJournal(ctx: Context, action: string, undoes?: string): RunJournal {
  const command = ctx.out.scrub(
    ["licensectl", ...ctx.io.argv]
      .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : shellQuote(arg)))
      .join(" "),
  );
  const writer: JournalWriter = openRun(ctx.io, { command, action, ...(undoes ? { undoes } : {}) });
  pruneRuns(ctx.io, undefined, undefined, writer.id);
  let ended = false;
  return {
    id: writer.id,
    record: (change) => writer.append({ type: "change", at: ctx.io.now().toISOString(), ...change }),
    end: (outcome) => {
      if (ended) return;
      ended = true;
      try {
        writer.append({ type: "end", at: ctx.io.now().toISOString(), outcome });
      } finally {
        writer.close();
      }
    },
  };
}

/** A variable's value, or its absence, in a device's variables as read. */
export function valueIn(variables: ReadonlyMap<string, VariableValue>, name: string): JournalValue {
  return variables.has(name)
    ? { state: "value", value: variables.get(name) as VariableValue }
    : { state: "absent" };
}

export const UNKNOWN: JournalValue = { state: "unknown" };

export type { JournalDevice, JournalValue };

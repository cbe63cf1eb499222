import type { Command } from "commander";
import type { Context } from "../context.js";

/** Runs a command with the context built from the global flags. */
export type Dispatch = (run: (ctx: Context) => Promise<void>) => Promise<void>;

/**
 * Adds one verb to its parent: arguments, flags, help and an action that imports the verb's `run-*.ts` module
 * when it runs (the build puts every `run-*.ts` in a bundle of its own, so `--help` compiles none of them).
 * `program` is the root, for verbs that need the whole tree or a global flag.
 */
export type RegisterVerb = (parent: Command, dispatch: Dispatch, program: Command) => void;

/** A noun with verbs (`vars`, `device`, `config`). */
export interface CommandGroup {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
  readonly verbs: readonly RegisterVerb[];
}

/**
 * Adds a group and, when `complete`, its verbs. Without them the group still shows in the top-level help
 * exactly as it would with them (its name and description): a run that does not name the group cannot reach
 * its verbs, so building them would be wasted start-up time.
 */
export function registerGroup(
  program: Command,
  dispatch: Dispatch,
  group: CommandGroup,
  complete: boolean,
): void {
  const parent = program
    .command(group.name)
    .description(group.description)
    .addHelpText("after", examples(...group.examples));
  if (!complete) return;
  for (const register of group.verbs) register(parent, dispatch, program);
}

/** The "Examples:" block of a command's help. */
export function examples(...lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

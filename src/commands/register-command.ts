import type { Command } from "commander";
import type { Context } from "../context.js";
import type { CommandModules } from "./command-modules.js";

/** Runs a command with the context built from the global flags; the action module is loaded lazily. */
export type Dispatch = (run: (ctx: Context) => Promise<void>) => Promise<void>;

/** Loads a command's implementation when that command runs (`command` in src/commands/program.ts). */
export type LoadCommand = <K extends keyof CommandModules>(
  name: K,
) => Promise<Awaited<ReturnType<CommandModules[K]>>>;

/**
 * Adds one command group to the program: its commands, options, help and actions. A group with
 * subcommands adds them only when `complete` is true; without them it still shows in the top-level help
 * exactly as it would with them (its name and description).
 */
export type Register = (
  program: Command,
  dispatch: Dispatch,
  command: LoadCommand,
  complete: boolean,
) => void;

/** The "Examples:" block of a command's help. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

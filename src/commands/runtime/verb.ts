import type { Command } from "commander";
import type { Context, Io } from "../../context.js";
import type { Output as RunOutput } from "../../output/output.js";
import type { OutputFormat } from "./output-format.js";
import type { Opened } from "./run-open-needs.js";

/**
 * One verb, declared once in its folder (src/commands/<noun>/<verb>/verb.ts). The runtime
 * (src/commands/runtime/) builds from it the commander command, its help, its completion, its page in
 * docs/commands.md, and at run time parses the flags, chooses the output format, opens what the verb needs and
 * calls `run`, which imports the verb's `run-*.ts` module only then.
 */
export interface Verb<A extends Args = Args, F extends Flags = Flags, O extends OutputFormat = OutputFormat> {
  /** The words that name it below its group, e.g. "list" in `vars list`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** The group's verb when the group is named alone (`history` is `history list`). */
  readonly isDefault?: true;
  /** One line for the help pages and completion. */
  readonly description: string;
  readonly args?: A;
  readonly flags?: F;
  /** `-o, --output <format>`: the formats offered, the first the default. Absent: only `--json`. */
  readonly output?: Output<O>;
  /** What the runtime opens for it (see Needs). */
  readonly needs: Need;
  readonly examples: readonly string[];
  /** Text after the examples on its help page. */
  readonly notes?: string;
  /** Imports the verb's run-*.ts module and runs it (a method: a list of verbs holds each with its own input). */
  run(input: RunInput<A, F, O>): Promise<void>;
}

/**
 * What a verb needs before it can work: nothing beyond the output; the License API for the one configured
 * device (target resolved); the Management API; or the License API for many devices (each row its target).
 */
export type Need = "nothing" | "device" | "management" | "many devices";

export interface Output<O extends OutputFormat> {
  readonly formats: readonly [O, ...O[]];
  /** The help line; default: each format described, the first marked default. */
  readonly help?: string;
}

export interface ArgSpec {
  /** As help shows it: KEY, hwid-a, shell. */
  readonly name: string;
  readonly help: string;
  /** Absent: required. */
  readonly optional?: true;
  readonly variadic?: true;
  readonly choices?: readonly string[];
}

export type FlagSpec =
  | { readonly type: "boolean"; readonly flags: string; readonly help: string }
  | {
      readonly type: "text";
      /** Commander's spelling: "--file <path>", "-y, --yes". A <path> or <file> value completes file names. */
      readonly flags: string;
      readonly help: string;
      readonly choices?: readonly string[];
      readonly default?: string;
      /** Given more than once: every value, in order. */
      readonly repeatable?: true;
      /** The verb cannot run without it (the runtime refuses its absence, after -o and --json). */
      readonly required?: true;
    };

export type Args = readonly ArgSpec[];
/** Keyed by the name the value arrives under (commander's camelCase of the long flag). */
export type Flags = Readonly<Record<string, FlagSpec>>;
/** A verb without flags. */
export type NoFlags = Record<never, never>;

type ArgValue<S> = S extends { variadic: true }
  ? readonly string[]
  : S extends { optional: true }
    ? string | undefined
    : S extends { choices: readonly (infer C)[] }
      ? C
      : string;

/** The arguments' values, in declaration order. */
export type ArgValues<A extends Args> = { readonly [I in keyof A]: ArgValue<A[I]> };

type FlagValue<S> = S extends { type: "boolean" }
  ? boolean
  : S extends { repeatable: true }
    ? readonly string[]
    : S extends { choices: readonly (infer C)[] }
      ? S extends { default: string }
        ? C
        : C | undefined
      : S extends { default: string } | { required: true }
        ? string
        : string | undefined;

/** The flags' values, typed from their declaration. */
export type FlagValues<F extends Flags> = { readonly [K in keyof F]: FlagValue<F[K]> };

/** What `run` receives: its arguments and flags typed, the one output format, and the run's context. */
export interface RunInput<A extends Args, F extends Flags, O extends OutputFormat> {
  readonly args: ArgValues<A>;
  readonly flags: FlagValues<F>;
  /** The format chosen from -o and --json (undefined for a verb that offers none: it follows out.json). */
  readonly format: [O] extends [never] ? undefined : O;
  /** stdout results, stderr diagnostics, secrets scrubbed. */
  readonly out: RunOutput;
  /** The run's streams, environment, directories and clock. */
  readonly io: Io;
  /** Aborted on Ctrl+C or SIGTERM. */
  readonly signal: AbortSignal;
  /** The resolved settings (config files, profile, env, flags), loaded once at the first call. */
  readonly settings: Opened["settings"];
  /** The whole context, for helpers not yet narrowed (docs/architecture.md counts them). */
  readonly ctx: Context;
  /** The License API for the configured device, opened at the first call (needs: "device"). */
  readonly device: Opened["device"];
  /** The Management API, opened at the first call (needs: "management"). */
  readonly management: Opened["management"];
  /** The whole command tree (completion scripts are generated from it). */
  readonly root: Command;
}

/** The input type of a verb's `run`, from its declared arguments, flags and formats. */
export type InputOf<A extends Args, F extends Flags, O extends OutputFormat = never> = RunInput<A, F, O>;

/** Declares a verb: the generic keeps the literal names and choices, so the run's input is typed from them. */
export function defineVerb<const A extends Args, const F extends Flags, const O extends OutputFormat = never>(
  verb: Verb<A, F, O>,
): Verb<A, F, O> {
  return verb;
}

/** A noun with verbs (`vars`, `device`, `config`), in the order its help lists them. */
export interface Group {
  readonly name: string;
  readonly description: string;
  readonly examples: readonly string[];
  readonly verbs: readonly AnyVerb[];
}

// biome-ignore lint/suspicious/noExplicitAny: a list of verbs holds each with its own argument and flag types
export type AnyVerb = Verb<any, any, any>;

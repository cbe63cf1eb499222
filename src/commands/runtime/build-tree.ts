import { Argument, type Command, InvalidArgumentError, Option } from "commander";
import type { Context } from "../../context.js";
import { describeFormats } from "./output-format.js";
import { offerValues } from "./value-choices.js";
import type { AnyVerb, ArgSpec, FlagSpec, Group } from "./verb.js";
import { runVerb } from "./verb-action.js";

/** Makes the run's context once the runtime knows whether its output is JSON. */
export type ContextFactory = (json: boolean) => Context;

/** The "Examples:" block of a command's help. */
export function examples(...lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

/**
 * Adds a group and, when `complete`, its verbs. Without them the group still shows in the top-level help
 * exactly as it would with them (its name and description): a run that does not name the group cannot reach
 * its verbs, so building them would be wasted start-up time.
 */
export function addGroup(
  program: Command,
  group: Group,
  context: ContextFactory,
  complete: boolean,
  argv?: readonly string[],
): Command {
  const parent = program
    .command(group.name)
    .description(group.description)
    .helpCommand(false)
    .addHelpText("after", examples(...group.examples));
  if (!complete) return parent;
  // LEVER verbs named in argv only — measured: `vars list --json` −2.4 ms CPU (paired median, 40 pairs, load 4.5; kept).
  // (perf task-clock of the built CLI against the emulator; medians 190.9 → 178.6 ms; a cold buildProgram 12.5 →
  // 8.7 ms; `--help`, which builds no group's verbs, 111.7 → 112.1 ms as the control.)
  // A run reaches only the verbs its argv names; with none named (the group's page, a misspelt verb and its
  // suggestion, a completion script) every verb is added.
  const named = argv
    ? group.verbs.filter((verb) => [verb.name, ...(verb.aliases ?? [])].some((w) => argv.includes(w)))
    : [];
  for (const verb of named.length > 0 ? named : group.verbs) addVerb(parent, verb, context, program);
  return parent;
}

/** One verb's commander command, generated from its declaration; its action is the runtime's. */
export function addVerb(parent: Command, verb: AnyVerb, context: ContextFactory, program: Command): Command {
  const command = parent
    .command(verb.name, verb.isDefault ? { isDefault: true } : {})
    .description(verb.description);
  for (const alias of verb.aliases ?? []) command.alias(alias);
  for (const arg of (verb.args ?? []) as readonly ArgSpec[]) command.addArgument(argument(arg));
  for (const [key, spec] of Object.entries((verb.flags ?? {}) as Record<string, FlagSpec>)) {
    const option = flagOption(spec);
    // The declaration's key is the name the value arrives under: a misspelt key would read nothing.
    if (option.attributeName() !== key)
      throw new Error(`${verb.name}: flag ${spec.flags} arrives as ${option.attributeName()}, not ${key}`);
    command.addOption(option);
  }
  if (verb.output) command.addOption(outputOption(verb.output.formats, verb.output.help));
  const notes = verb.notes ? `\n${wrap(verb.notes, HELP_WIDTH)}\n` : "";
  command.addHelpText("after", examples(...verb.examples) + notes);
  command.action(() => runVerb(verb, command, program, context));
  return command;
}

/** Help pages fit 80 columns (commander wraps its own lists; the notes are wrapped here). */
export const HELP_WIDTH = 80;

/** Each paragraph (separated by a blank line) filled to `width` columns, words kept whole. */
export function wrap(text: string, width: number): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const lines: string[] = [];
      let line = "";
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        if (line && line.length + 1 + word.length > width) {
          lines.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      return [...lines, line].join("\n");
    })
    .join("\n\n");
}

function argument(spec: ArgSpec): Argument {
  const name = `${spec.name}${spec.variadic ? "..." : ""}`;
  const arg = new Argument(spec.optional ? `[${name}]` : `<${name}>`, spec.help);
  return spec.choices ? arg.choices(spec.choices) : arg;
}

function flagOption(spec: FlagSpec): Option {
  const option = new Option(spec.flags, spec.help);
  if (spec.type === "boolean") return option;
  if (spec.choices) option.choices(spec.choices);
  if (spec.default !== undefined) option.default(spec.default);
  // A required flag is checked by the verb's action (verb-action.ts), after -o and --json: commander's own
  // check (makeOptionMandatory) would run before them, and a usage error about the run's output comes first.
  if (spec.repeatable)
    option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  return option;
}

/**
 * `-o, --output <format>`. Its help names every format once (not again in commander's "(choices: …)" list);
 * any other value is a usage error that lists them.
 */
function outputOption(formats: readonly string[], help: string | undefined): Option {
  const option = new Option(
    "-o, --output <format>",
    help ?? describeFormats(formats as Parameters<typeof describeFormats>[0]),
  ).argParser((value) => {
    if (!formats.includes(value))
      throw new InvalidArgumentError(`Allowed choices are ${formats.join(", ")}.`);
    return value;
  });
  return offerValues(option, formats);
}

import { Command, Help, type Option } from "commander";
import { VERSION } from "../core/version.js";
import { completion } from "./completion/verb.js";
import { CONFIG_GROUP } from "./config/config-group.js";
import { DEVICE_GROUP } from "./device/device-group.js";
import { DEVICES_GROUP } from "./devices/devices-group.js";
import { doctor } from "./doctor/verb.js";
import { emulator } from "./emulator/verb.js";
import { addGlobalFlags } from "./global-flags.js";
import { addHelpCommand, GLOBALS_POINTER } from "./help/help-command.js";
import { HISTORY_GROUP } from "./history/history-group.js";
import { addGroup, addVerb, type ContextFactory, examples } from "./runtime/build-tree.js";
import type { AnyVerb, Group } from "./runtime/verb.js";
import { undo } from "./undo/verb.js";
import { VARS_GROUP } from "./vars/vars-group.js";

/** Where commander writes help and version; its own error printing is off (cli.ts renders errors). */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** The terminal's width, or undefined when the stream is not a terminal (help then wraps at 80). */
  outColumns(): number | undefined;
  errColumns(): number | undefined;
}

/**
 * The top-level commands, in the order help lists them: a noun with verbs (src/commands/<noun>/<verb>/verb.ts),
 * or a verb of its own (src/commands/<verb>/verb.ts). Adding a verb: its folder, and one line in its group or
 * here (docs/architecture.md, "Adding a verb"). `help` follows them.
 */
export const COMMANDS: ReadonlyArray<Group | AnyVerb> = [
  VARS_GROUP,
  DEVICE_GROUP,
  DEVICES_GROUP,
  emulator,
  CONFIG_GROUP,
  HISTORY_GROUP,
  undo,
  doctor,
  completion,
];

/** Every word that names a command or an alias (what start-up's COMMAND_WORDS must hold). */
export function commandWords(): Set<string> {
  const words = new Set(["help"]);
  for (const entry of COMMANDS) {
    words.add(entry.name);
    for (const verb of "verbs" in entry ? entry.verbs : [])
      for (const word of [verb.name, ...(verb.aliases ?? [])]) words.add(word);
    for (const alias of "verbs" in entry ? [] : (entry.aliases ?? [])) words.add(alias);
  }
  return words;
}

/**
 * The commander tree: the global options, then each command group.
 *
 * LEVER lazy registration — re-measured: `--help` runs 4.5 M fewer instructions (0.8%; valgrind, mean of 2; kept).
 * Given the run's argv, a group's subcommands are added only when argv names the group (or asks for a
 * completion script, which lists them all), and then only the verbs argv names (all when it names none: see
 * addGroup): a run cannot reach the others, and the top-level help shows groups by name and description alone. That is ~1.5 ms of `--help`. Without argv: the whole tree.
 */
export function buildProgram(
  context: ContextFactory,
  output: ProgramOutput,
  argv?: readonly string[],
): Command {
  const program = new Command("licensectl")
    .configureOutput({
      writeOut: output.writeOut,
      writeErr: output.writeErr,
      outputError: () => {},
      // Asked of licensectl's streams, not process.stdout, which a run writing to a pipe never creates.
      getOutHelpWidth: () => output.outColumns() ?? 80,
      getErrHelpWidth: () => output.errColumns() ?? 80,
      // Help text has no colour to keep or strip.
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .description("Set and inspect LicenseSpring device variables.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand(false)
    // The root page lists commands; the global flags have a page of their own (licensectl help globals).
    .configureHelp({ visibleOptions: rootOptionsOnlyOnItsPage })
    .showSuggestionAfterError(true)
    .exitOverride();
  addGlobalFlags(program);
  // Subcommand pages show their own flags; this line (on every page) says where the global ones are.
  program.addHelpText("afterAll", GLOBALS_POINTER);
  program.addHelpText(
    "after",
    examples(
      "licensectl vars set channel=beta seats=5",
      "licensectl vars get channel",
      "licensectl vars list --json",
      "licensectl vars unset channel --yes",
      "licensectl device id --explain",
      "licensectl emulator --write-config ./.licensectlrc.json",
    ) +
      "\nDocs: README.md. Exit codes: 0 ok, 1 internal error, 2 usage, 3 config, 4 auth,\n5 API refused, 6 network/server, 7 verification, 8 left undone on purpose,\n10 changes pending (vars apply --dry-run), 130 interrupted (143: SIGTERM).\n",
  );

  const complete = (group: string) => !argv || argv.includes("completion") || argv.includes(group);
  for (const entry of COMMANDS) {
    if ("verbs" in entry)
      addGroup(
        program,
        entry,
        context,
        complete(entry.name),
        argv?.includes("completion") ? undefined : argv,
      );
    else addVerb(program, entry, context, program);
  }
  addHelpCommand(program);
  return program;
}

/** For a tree that only shows help or generates docs: running a verb from it is a bug. */
export const HELP_ONLY: ContextFactory = () => {
  throw new Error("this command tree shows help only; runCli runs verbs");
};

/**
 * The root page lists --version and --help; the global flags have their page (licensectl help globals). Every
 * other page (commander copies this setting to each command) lists its options as commander does.
 */
function rootOptionsOnlyOnItsPage(this: Help, command: Command): Option[] {
  const options = Help.prototype.visibleOptions.call(this, command);
  if (command.parent) return options;
  return options.filter((option) => option.long === "--version" || option.long === "--help");
}

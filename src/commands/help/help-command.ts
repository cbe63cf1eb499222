import { type Command, Help } from "commander";
import { usageError } from "../../core/cli-error.js";
import { nearNames } from "../../core/near-names.js";
import { RUN_FLAGS_WITH_ENV, SETTING_FLAG_NAMES } from "../global-flags.js";

/** The page `licensectl help globals` prints: the flags every command takes, in their own page. */
export const GLOBALS_TOPIC = "globals";

/** The line at the foot of every help page, in place of the 18 global flags on each. */
export const GLOBALS_POINTER =
  "Global flags (--json, --product, --hardware-id, …): licensectl help globals\n";

/**
 * `licensectl help [command...]`: the asked-for page on stdout, exit 0, for a nested command too
 * (`help vars set`); `help globals` lists the global flags. commander's own help command shows the parent's
 * page for a nested name and exits through its "help" error path.
 */
export function addHelpCommand(program: Command): void {
  program
    .command("help")
    .description("help for a command; help globals: the global flags")
    .argument("[command...]", "a command, e.g. vars set; or globals")
    .action((names: string[]) => {
      if (names.length === 1 && names[0] === GLOBALS_TOPIC) {
        program.configureOutput().writeOut?.(globalsPage(program));
        return;
      }
      findCommand(program, names).outputHelp();
    });
}

function findCommand(program: Command, names: readonly string[]): Command {
  let command = program;
  for (const [i, name] of names.entries()) {
    const next = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
    if (!next) {
      const path = ["licensectl", ...names.slice(0, i)].join(" ");
      const candidates = command.commands.map((c) => c.name());
      if (i === 0) candidates.push(GLOBALS_TOPIC);
      const near = nearNames(name, candidates);
      throw usageError(
        `No help for "${names.slice(0, i + 1).join(" ")}": ${path} has no command "${name}".`,
        `${near.length > 0 ? `Did you mean ${near.join(" or ")}? ` : ""}Run ${path} --help to see its commands.`,
        "unknown_command",
      );
    }
    command = next;
  }
  return command;
}

/**
 * The root's options (the global flags), one line each (commander's item format): first the settings, then the
 * run flags. The env rule is stated once, so a new setting costs the page one line.
 */
function globalsPage(program: Command): string {
  const helper = program.createHelp();
  const width = program.configureOutput().getOutHelpWidth?.() ?? 80;
  helper.prepareContext({ helpWidth: width });
  // All of them, not the root page's short list (program.ts).
  const options = Help.prototype.visibleOptions
    .call(helper, program)
    .filter((option) => option.long !== "--version" && option.long !== "--help");
  const termWidth = Math.max(...options.map((option) => helper.optionTerm(option).length));
  const items = (settings: boolean) =>
    options
      .filter((option) => SETTING_FLAG_NAMES.has(option.long ?? "") === settings)
      .map((option) =>
        helper.formatItem(helper.optionTerm(option), termWidth, helper.optionDescription(option), helper),
      );
  return [
    "Usage: licensectl [global flags] <command> [flags]",
    "",
    "Global flags work with every command, before or after it. A setting's flag beats",
    "its env variable, profile and config files (licensectl config show: which won).",
    `Env: for settings, ${RUN_FLAGS_WITH_ENV.join(" and ")}, --foo-bar is LICENSECTL_FOO_BAR and`,
    "--no-foo is LICENSECTL_FOO=false. Keys and secrets: env or config file only.",
    "",
    "Settings:",
    ...items(true),
    "",
    "Run:",
    ...items(false),
    "",
  ].join("\n");
}

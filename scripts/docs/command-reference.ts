// Renders docs/commands.md from the command tree itself (src/commands/program.ts): every command's help page,
// as `licensectl <command> --help` prints it at 100 columns. `npm run docs` writes it; a test fails when the
// file is stale (test/unit/docs-reference.test.ts).
import type { Command } from "commander";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";

const WIDTH = 100;

/** The help page of one command, exactly as --help prints it (including the text added after it). */
function helpPage(command: Command, sink: { text: string }): string {
  sink.text = "";
  command.outputHelp();
  return sink.text.trimEnd();
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

function* walk(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* walk(sub);
}

export function renderCommandReference(): string {
  const sink = { text: "" };
  const program = buildProgram(HELP_ONLY, {
    writeOut: (text) => {
      sink.text += text;
    },
    writeErr: (text) => {
      sink.text += text;
    },
    outColumns: () => WIDTH,
    errColumns: () => WIDTH,
  });
  const commands = [...walk(program)];
  const toc = commands.map((c) => `- [\`${commandPath(c)}\`](#${commandPath(c).replaceAll(" ", "-")})`);
  const sections = commands.map((c) => `## ${commandPath(c)}\n\n\`\`\`text\n${helpPage(c, sink)}\n\`\`\``);
  return [
    "# Command reference",
    "",
    "<!-- Generated from the command tree by `npm run docs`; do not edit by hand. -->",
    "",
    "Every page below is what `--help` prints for that command. The guide (docs/guide.md) explains the",
    "commands with examples and the reasons behind them.",
    "",
    ...toc,
    "",
    sections.join("\n\n"),
    "",
  ].join("\n");
}

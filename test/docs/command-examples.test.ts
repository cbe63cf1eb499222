import { readdirSync, readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../src/commands/program.js";

/**
 * Every `licensectl …` command written in README.md and docs/ is parsed against the real command tree, so an
 * example cannot name a command, flag or value the CLI refuses. Parsing stops where the runtime would run
 * the verb (its context is asked for): nothing is sent or read.
 */
const ROOT = new URL("../../", import.meta.url);
const FILES = [
  "README.md",
  ...readdirSync(new URL("docs/", ROOT))
    .filter((name) => name.endsWith(".md") && name !== "commands.md") // commands.md is generated from the tree
    .map((name) => `docs/${name}`),
];

class Parsed extends Error {}

/** The code of a Markdown text: its fenced blocks and its `licensectl …` inline code spans. */
function codeOf(markdown: string): string {
  const fenced = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1] ?? "");
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, "");
  const inline = [...prose.matchAll(/`(licensectl[^`]*)`/g)].map((m) => m[1] ?? "");
  return [...fenced, ...inline].join("\n");
}

/** The words of each `licensectl …` command in a text, as a shell would split them, up to a pipe or the like. */
function commandsIn(text: string): string[][] {
  const commands: string[][] = [];
  for (const match of text.matchAll(/(?:^|[\s($`])licensectl((?:[ \t]+[^\n]*)?)$/gm)) {
    const words = shellWords(match[1] ?? "");
    // "licensectl …" and "licensectl help <command>" stand for any command: nothing to parse.
    if (words && words[0] !== "…" && !(words[0] === "help" && words[1]?.startsWith("<")))
      commands.push(words);
  }
  return commands;
}

/** Shell words up to an unquoted | > ; & ) ` or #; `<name>` placeholders stay words. undefined: not a command. */
function shellWords(line: string): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let i = 0;
  const push = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'" || c === '"') {
      const end = line.indexOf(c, i + 1);
      if (end < 0) return undefined;
      word = (word ?? "") + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line[i + 1];
      i += 2;
    } else if (/\s/.test(c)) {
      push();
      i++;
    } else if (c === "<" && /^<[\w.-]+>/.test(line.slice(i))) {
      const end = line.indexOf(">", i);
      word = (word ?? "") + line.slice(i, end + 1);
      i = end + 1;
    } else if ("|>;&)`#<".includes(c)) {
      break;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  push();
  return words;
}

async function parse(words: readonly string[]): Promise<string | undefined> {
  const program = buildProgram(
    () => {
      throw new Parsed();
    },
    { writeOut: () => {}, writeErr: () => {}, outColumns: () => undefined, errColumns: () => undefined },
    words,
  );
  try {
    await program.parseAsync([...words], { from: "user" });
    return undefined; // help, version or a group page: nothing to run, and nothing refused
  } catch (error) {
    if (error instanceof Parsed) return undefined;
    // Help, version, or a page shown for a group or the program without a verb.
    if (error instanceof CommanderError && /help|version/i.test(error.code)) return undefined;
    return error instanceof Error ? error.message : String(error);
  }
}

describe("the commands written in the docs", () => {
  it("finds the commands of a line, with quotes, placeholders and pipes", () => {
    expect(commandsIn(`  $ licensectl vars set beta:=true id:='"007"'  # JSON`)).toEqual([
      ["vars", "set", "beta:=true", 'id:="007"'],
    ]);
    expect(commandsIn('eval "$(licensectl vars list --output env)"')).toEqual([
      ["vars", "list", "--output", "env"],
    ]);
    expect(commandsIn("licensectl emulator --write-config <file> | tee x")).toEqual([
      ["emulator", "--write-config", "<file>"],
    ]);
  });

  it.each(FILES)("%s: every licensectl command parses against the command tree", async (file) => {
    const commands = commandsIn(codeOf(readFileSync(new URL(file, ROOT), "utf8")));
    const refused: string[] = [];
    for (const words of commands) {
      const why = await parse(words);
      if (why !== undefined) refused.push(`licensectl ${words.join(" ")}: ${why}`);
    }
    expect(refused).toEqual([]);
  });

  it("finds the examples of README.md and the guide", () => {
    const count = (file: string) => commandsIn(codeOf(readFileSync(new URL(file, ROOT), "utf8"))).length;
    expect(count("README.md")).toBeGreaterThanOrEqual(10);
    expect(count("docs/guide.md")).toBeGreaterThanOrEqual(40);
  });

  it("checks a command the tree refuses", async () => {
    expect(await parse(["vars", "export", "--format", "dotenv"])).toMatch(/Allowed choices/);
    expect(await parse(["vars", "lst"])).toMatch(/unknown command/i);
    expect(await parse(["vars", "list", "-o", "env"])).toBeUndefined();
  });
});

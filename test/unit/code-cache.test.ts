import { describe, expect, it } from "vitest";
import { completionTree } from "../../src/commands/completion/completion-script.js";
import { buildProgram, commandWords, HELP_ONLY } from "../../src/commands/program.js";
import { COMMAND_WORDS, cacheBase, codeCache } from "../../src/entry/load-bundle.js";

describe("code cache names", () => {
  it("know exactly the command words the declarations give (names and aliases)", () => {
    const program = buildProgram(HELP_ONLY, {
      writeOut: () => {},
      writeErr: () => {},
      outColumns: () => undefined,
      errColumns: () => undefined,
    });
    const words = new Set<string>(["help"]);
    const walk = (node: ReturnType<typeof completionTree>) => {
      for (const child of node.children) {
        for (const name of child.names) words.add(name);
        walk(child);
      }
    };
    walk(completionTree(program));
    expect([...commandWords()].sort()).toEqual([...words].sort());
    expect([...COMMAND_WORDS].sort()).toEqual([...commandWords()].sort());
  });

  it("name the command, not its arguments or flag values", () => {
    const key = (argv: string[]) => codeCache({}, "/home/u", argv, "cli.cjs")?.key;
    expect(key(["--product", "demo", "vars", "list", "--json"])).toMatch(/-vars-list-cli\.cjs$/);
    expect(key(["vars", "set", "channel=beta"])).toMatch(/-vars-set-cli\.cjs$/);
    expect(key(["--help"])).toMatch(/-root-cli\.cjs$/);
  });

  it("live in XDG_CACHE_HOME when it is absolute, else ~/.cache", () => {
    expect(cacheBase({ XDG_CACHE_HOME: "/x/cache" }, "/home/u")).toBe("/x/cache");
    expect(cacheBase({ XDG_CACHE_HOME: "relative" }, "/home/u")).toBe("/home/u/.cache");
    expect(cacheBase({}, undefined)).toBeUndefined();
    expect(codeCache({}, undefined, [], "cli.cjs")).toBeUndefined();
  });
});

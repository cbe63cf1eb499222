import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";
import { flagName } from "../../src/config/resolve.js";
import { SETTING_KEYS } from "../../src/config/schema.js";

const silent = {
  writeOut: () => {},
  writeErr: () => {},
  outColumns: () => undefined,
  errColumns: () => undefined,
};
const build = (argv?: readonly string[]) => buildProgram(HELP_ONLY, silent, argv);
const subcommands = (program: Command, group: string) =>
  program.commands.find((command) => command.name() === group)?.commands.map((command) => command.name());

describe("the command tree for one run", () => {
  it("shows the same top-level help whether or not the groups' subcommands were added", () => {
    expect(build(["--help"]).helpInformation()).toBe(build().helpInformation());
  });

  it("adds a group's subcommands only when argv names the group, and only the verbs argv names", () => {
    const program = build(["vars", "list"]);
    expect(subcommands(program, "vars")).toEqual(["list"]);
    expect(subcommands(build(["vars", "ls", "--json"]), "vars")).toEqual(["list"]);
    // A value that is also a verb's name adds that verb too: harmless, the run reaches the verb named first.
    expect(subcommands(build(["vars", "get", "list"]), "vars")).toEqual(["get", "list"]);
    // No verb named: the group's page, or a misspelt verb and its suggestion, need them all.
    for (const argv of [["vars"], ["vars", "--help"], ["vars", "lst"]])
      expect(subcommands(build(argv), "vars")).toEqual([
        "set",
        "get",
        "list",
        "unset",
        "apply",
        "diff",
        "copy",
        "export",
      ]);
    expect(subcommands(program, "device")).toEqual([]);
    expect(subcommands(program, "devices")).toEqual([]);
    expect(subcommands(program, "config")).toEqual([]);
    expect(subcommands(build(["help", "config"]), "config")).toEqual(["show", "path", "init"]);
  });

  it("adds every subcommand for a completion script, and without argv", () => {
    for (const program of [build(["completion", "bash"]), build()]) {
      expect(subcommands(program, "vars")).toHaveLength(8);
      expect(subcommands(program, "device")).toEqual(["id"]);
      expect(subcommands(program, "devices")).toEqual(["list"]);
      expect(subcommands(program, "config")).toHaveLength(3);
    }
  });
});

describe("the flags that settings name as their source", () => {
  it("are flags the program defines, spelled as the user types them", () => {
    const longs = build().options.map((option) => option.long);
    const named = SETTING_KEYS.flatMap((key) => flagName(key) ?? []);
    expect(named).toContain("--no-verify-signature");
    expect(named.filter((flag) => !longs.includes(flag))).toEqual([]);
  });
});

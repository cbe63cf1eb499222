import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";
import { runCli } from "../helpers/cli.js";

const silent = {
  writeOut: () => {},
  writeErr: () => {},
  outColumns: () => undefined,
  errColumns: () => undefined,
};

/** Every subcommand page, as `licensectl <path> --help` prints it: every path of the command tree. */
const PAGES = (() => {
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      if (sub.name() === "help") continue;
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram(HELP_ONLY, silent), []);
  return paths;
})();

const POINTER = "Global flags (--json, --product, --hardware-id, …): licensectl help globals";

describe("subcommand help", () => {
  it.each(PAGES.map((path) => [path.join(" ")]))(
    "%s --help: fits a 40-line screen, its own flags only, and points to the global ones",
    async (page) => {
      const path = page.split(" ");
      const result = await runCli([...path, "--help"]);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines.length).toBeLessThanOrEqual(40);
      expect(result.stdout).not.toContain("--api-url");
      expect(result.stdout).not.toContain("Global Options:");
      expect(lines.at(-1)).toBe(POINTER);
      expect(result.stdout).not.toContain("display help for command");
    },
  );

  it.each([[["--help"]], [["help", "globals"]], ...PAGES.map((path) => [[...path, "--help"]])])(
    "%j fits 40 lines of 80 columns",
    async (argv) => {
      const result = await runCli(argv);
      expect(result.code).toBe(0);
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines.length).toBeLessThanOrEqual(40);
      expect(lines.filter((line) => [...line].length > 80)).toEqual([]);
    },
  );

  it("the top-level page lists commands, and leaves the global flags to help globals", async () => {
    const result = await runCli(["--help"]);
    expect(result.stdout).not.toContain("--api-url");
    expect(result.stdout).toContain("completion <shell>");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe(POINTER);
  });

  it("licensectl help globals prints every global flag and exits 0", async () => {
    const result = await runCli(["help", "globals"]);
    expect(result.code).toBe(0);
    for (const flag of [
      "--api-url <url>",
      "--hardware-id <id>",
      "--no-verify-signature",
      "--json",
      "--no-input",
    ]) {
      expect(result.stdout).toContain(flag);
    }
  });
});

describe("help globals", () => {
  it("states the env rule once, and every setting flag follows it (--foo-bar: LICENSECTL_FOO_BAR)", async () => {
    const { SETTING_KEYS, settingSpec } = await import("../../src/config/schema.js");
    const { flagName } = await import("../../src/config/resolve.js");
    const page = (await runCli(["help", "globals"])).stdout;
    expect(page).toContain("--foo-bar is LICENSECTL_FOO_BAR");
    for (const key of SETTING_KEYS) {
      const flag = flagName(key);
      if (flag === undefined) continue;
      const line = page.split("\n").find((l) => l.trimStart().startsWith(flag));
      expect(line, flag).toBeDefined();
      const ruled = `LICENSECTL_${flag
        .replace(/^--(no-)?/, "")
        .replaceAll("-", "_")
        .toUpperCase()}`;
      // A setting whose env variable broke the rule would have to name it on its own line.
      if (settingSpec(key).env !== ruled) expect(line).toContain(settingSpec(key).env);
      else expect(line).not.toContain("LICENSECTL_");
    }
  });
});

describe("licensectl help", () => {
  it("exits 0 with the top-level page", async () => {
    const result = await runCli(["help"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe((await runCli(["--help"])).stdout);
  });

  it.each([[["vars", "set"]], [["config", "init"]], [["vars", "ls"]], [["device"]]])(
    "help %j exits 0 with that page, not its parent's",
    async (path) => {
      const result = await runCli(["help", ...path]);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe((await runCli([...path, "--help"])).stdout);
    },
  );

  it("exits 2 for a command that does not exist, suggesting the near one", async () => {
    const result = await runCli(["help", "vars", "sett"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("Did you mean set?");
  });
});

describe("did you mean, for commands", () => {
  it("puts the suggestion in the hint, with no literal \\n", async () => {
    const result = await runCli(["vars", "lst"]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain("\\n");
    expect(result.stderr).toBe(
      "error: Unknown command 'lst' (unknown_command)\nhint: Did you mean one of list, ls? Run with --help to see the commands and options.\n",
    );
  });
});

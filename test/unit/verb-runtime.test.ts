import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";
import { addVerb } from "../../src/commands/runtime/build-tree.js";
import { defineVerb } from "../../src/commands/runtime/verb.js";
import { runCli } from "../helpers/cli.js";

const silent = {
  writeOut: () => {},
  writeErr: () => {},
  outColumns: () => undefined,
  errColumns: () => undefined,
};

/** Every verb of the tree that offers -o, with its path and formats. */
function verbsWithFormats(): Array<[string[], string[]]> {
  const found: Array<[string[], string[]]> = [];
  const walk = (command: Command, path: string[]) => {
    const output = command.options.find((option) => option.long === "--output");
    const formats = (output as { offeredValues?: string[] } | undefined)?.offeredValues;
    if (formats) found.push([path, formats]);
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(buildProgram(HELP_ONLY, silent), []);
  return found;
}

describe("the verb runtime", () => {
  it("offers -o on the verbs that declare formats, the first being the default", () => {
    const verbs = new Map(verbsWithFormats().map(([path, formats]) => [path.join(" "), formats]));
    expect(verbs.get("vars list")).toEqual(["table", "json", "env", "tsv"]);
    expect(verbs.get("device id")).toEqual(["value", "json", "env"]);
    expect(verbs.get("doctor")).toEqual(["table", "json"]);
    expect(verbs.has("vars export")).toBe(false); // its --format is a flag of its own: jsonl or csv
  });

  it.each(verbsWithFormats())(
    "%j refuses --json with another -o before reading any setting (exit 2)",
    async (path, formats) => {
      const other = formats.find((format) => format !== "json") as string;
      const result = await runCli([
        ...path,
        ...(path[1] === "get" || path[1] === "unset" ? ["k"] : []),
        "--json",
        "-o",
        other,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("conflicting_options");
    },
  );

  it("refuses a declaration whose flag key is not the name the value arrives under", () => {
    const program = buildProgram(HELP_ONLY, silent);
    const misspelt = defineVerb({
      name: "probe",
      description: "a verb for this test",
      flags: { dry_run: { type: "boolean", flags: "--dry-run", help: "h" } },
      needs: "nothing",
      examples: [],
      run: async () => {},
    });
    expect(() => addVerb(program, misspelt, HELP_ONLY, program)).toThrow(/arrives as dryRun, not dry_run/);
  });

  it("hands the run typed flags: booleans false when absent, a repeatable flag's values in order", async () => {
    const seen: unknown[] = [];
    const program = buildProgram(HELP_ONLY, silent);
    const probe = defineVerb({
      name: "probe",
      description: "a verb for this test",
      args: [{ name: "word", help: "w" }],
      flags: {
        loud: { type: "boolean", flags: "--loud", help: "h" },
        tag: { type: "text", flags: "--tag <t>", help: "h", repeatable: true },
        mode: { type: "text", flags: "--mode <m>", help: "h", choices: ["a", "b"], default: "a" },
      },
      needs: "nothing",
      examples: [],
      run: async (input) => {
        seen.push(input.args, input.flags, input.format);
      },
    });
    const context = () => ({ out: {}, io: {}, signal: new AbortController().signal }) as never;
    addVerb(program, probe, context, program);
    await program.parseAsync(["probe", "hello", "--tag", "x", "--tag", "y"], { from: "user" });
    expect(seen).toEqual([["hello"], { loud: false, tag: ["x", "y"], mode: "a" }, undefined]);
  });
});

import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Command } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { buildProgram, HELP_ONLY } from "../../src/commands/program.js";
import { valueChoices } from "../../src/commands/runtime/value-choices.js";
import { runCli, tempHome } from "../helpers/cli.js";

const run = promisify(execFile);
const silent = {
  writeOut: () => {},
  writeErr: () => {},
  outColumns: () => undefined,
  errColumns: () => undefined,
};

/** What `licensectl completion bash` prints, saved once for bash to source. */
let bashScript = "";
beforeAll(async () => {
  const result = await runCli(["completion", "bash"]);
  expect(result.code).toBe(0);
  bashScript = join(tempHome(), "licensectl.bash");
  writeFileSync(bashScript, result.stdout);
});

/** Ask bash's completion function what it offers after the typed words. */
async function bashComplete(line: string): Promise<string[]> {
  const script = `
    source ${JSON.stringify(bashScript)}
    read -ra COMP_WORDS <<< "licensectl ${line}"
    [[ "${line}" == *" " || -z "${line}" ]] && COMP_WORDS+=("")
    COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
    _licensectl
    printf '%s\\n' "\${COMPREPLY[@]}"`;
  // A HOME of its own: bash -c with a socket for stdin (as Node gives it) reads ~/.bashrc, whose aliases and
  // slow start-up are the user's, not licensectl's.
  const env = { PATH: process.env.PATH ?? "", HOME: tempHome() };
  const { stdout } = await run("bash", ["-c", script], { env });
  return stdout.split("\n").filter(Boolean);
}

describe("completion", () => {
  it("completes subcommands at each level in bash", async () => {
    expect(await bashComplete("va")).toEqual(["vars"]);
    expect(await bashComplete("vars s")).toEqual(["set"]);
    expect(await bashComplete("config ")).toEqual(expect.arrayContaining(["show", "path", "init"]));
    expect(await bashComplete("completion ")).toEqual(expect.arrayContaining(["bash", "zsh", "fish"]));
  });

  it("completes a command's own and the global flags in bash, past option values", async () => {
    expect(await bashComplete("vars set --str")).toEqual(["--string"]);
    expect(await bashComplete("--product demo vars set --prof")).toEqual(["--profile"]);
    expect(await bashComplete("config init --f")).toEqual(["--force"]);
  });

  it("covers every command and flag of the program in each shell's script", async () => {
    const help = (await runCli(["help", "globals"])).stdout;
    const globalFlags = [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] ?? "");
    expect(globalFlags.length).toBeGreaterThan(10);
    for (const shell of ["bash", "zsh", "fish"]) {
      const result = await runCli(["completion", shell]);
      expect(result.code).toBe(0);
      const asWritten = (flag: string) => (shell === "fish" ? `-l ${flag.slice(2)}` : flag);
      for (const word of ["vars", "set", "list", "config", "init", "doctor", "emulator"]) {
        expect(result.stdout).toContain(word);
      }
      for (const flag of [...globalFlags, "--string", "--force", "--write-config"]) {
        expect(result.stdout).toContain(asWritten(flag));
      }
    }
  });

  it("suggests each command's own values for a flag that other commands also have", async () => {
    expect(await bashComplete("vars export --format ")).toEqual(["jsonl", "csv"]);
    expect(await bashComplete("vars set --format ")).toEqual(["json", "dotenv"]);
    expect(await bashComplete("device id -o ")).toEqual(["value", "json", "env"]);
    expect(await bashComplete("vars ls --output ")).toEqual(["table", "json", "env", "tsv"]);
    expect(await bashComplete("vars get -o ")).toEqual(["value", "json", "env", "tsv"]);
    expect(await bashComplete("--json vars list --hardware-id-method ")).toEqual([
      "licensespring",
      "node-machine-id",
    ]);
  });

  it("suggests in bash exactly the values each option accepts, in every command", async () => {
    const program = buildProgram(HELP_ONLY, silent);
    const offered: Array<[string, readonly string[]]> = [];
    const walk = (command: Command, path: string) => {
      for (const option of command.options) {
        const values = valueChoices(option);
        if (!values || !option.long) continue;
        offered.push([`${path}${option.long} `, values]);
        // Every suggested value is one the option accepts.
        for (const value of values) expect(() => option.parseArg?.(value, undefined)).not.toThrow();
        if (option.parseArg) expect(() => option.parseArg?.("no-such-value", undefined)).toThrow();
      }
      for (const sub of command.commands) walk(sub, `${path}${sub.name()} `);
    };
    walk(program, "");
    expect(offered.length).toBeGreaterThan(10);
    for (const [line, values] of offered) expect(await bashComplete(line)).toEqual([...values]);
  });

  it("produces a bash script that parses", async () => {
    const { stdout } = await runCli(["completion", "bash"]);
    await expect(run("bash", ["-n", "-c", stdout])).resolves.toBeDefined();
  });

  it("refuses an unknown shell with exit 2", async () => {
    const result = await runCli(["completion", "powershell"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bash, zsh, fish");
  });
});

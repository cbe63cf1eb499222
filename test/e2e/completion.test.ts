import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, tempHome } from "../helpers/cli.js";

const run = promisify(execFile);

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
    const help = (await runCli(["--help"])).stdout;
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

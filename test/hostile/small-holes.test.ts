import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { BIN, errorOf, runCli, tempHome } from "../helpers/cli.js";
import { hasScript } from "../helpers/terminal.js";

describe("smaller holes", () => {
  it.each(["__proto__", "constructor", "toString"])(
    "--profile %s is an unknown profile (exit 3)",
    async (name) => {
      const home = tempHome();
      writeFileSync(
        join(home, ".licensectlrc.json"),
        JSON.stringify({ profiles: { staging: { product: "s" } } }),
      );
      const run = await runCli(["--profile", name, "config", "show", "--json"], { cwd: home });
      expect(run.code).toBe(3);
      expect(errorOf(run.stderr)).toMatchObject({ code: "unknown_profile" });
    },
  );

  it("refuses an empty variable name in a JSON --file as a usage error", async () => {
    const home = tempHome();
    writeFileSync(join(home, "vars.json"), '{"": "nameless", "channel": "beta"}');
    const run = await runCli(["vars", "set", "--file", "vars.json", "--json"], { cwd: home });
    expect(run.code).toBe(2);
    expect(errorOf(run.stderr)).toMatchObject({ code: "invalid_variable" });
    expect(errorOf(run.stderr).message).toContain("empty variable name");
  });

  it.skipIf(!hasScript)(
    "lets exactly one of two `config init` runs that both passed the existence check write the file",
    async () => {
      const home = tempHome();
      const runs = [interactiveInit(home, "product-a"), interactiveInit(home, "product-b")];
      await Promise.all(runs.map((run) => run.asked)); // both checked that no file exists, both now ask
      for (const run of runs) run.answer();
      const codes = await Promise.all(runs.map((run) => run.done));
      expect(codes.filter((code) => code === 0)).toHaveLength(1);
      const winner = codes[0] === 0 ? runs[0] : runs[1];
      const loser = codes[0] === 0 ? runs[1] : runs[0];
      expect(loser?.output()).toContain("already exists");
      const written = JSON.parse(readFileSync(join(home, ".config", "licensectl", "config.json"), "utf8"));
      expect(written.product).toBe(winner?.product);
    },
  );
});

const ANSWERS: ReadonlyArray<readonly [string, (product: string) => string]> = [
  ["API key", () => "key-1\r"],
  ["Shared key", () => "shared-1\r"],
  ["Product short code", (product) => `${product}\r`],
  ["License key", () => "LK-1\r"],
  ["Management API key", () => "\r"],
];

/** `config init` on a pseudo-terminal, stopped at its first question until `answer()` is called. */
function interactiveInit(home: string, product: string) {
  const child = spawn("script", ["-qfec", `"${process.execPath}" "${BIN}" config init`, "/dev/null"], {
    cwd: home,
    env: { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: join(home, ".config"), NO_COLOR: "1" },
  });
  onTestFinished(() => {
    child.kill("SIGKILL");
  });
  let output = "";
  let answered = -1;
  let searchFrom = 0;
  let markAsked: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    markAsked = resolve;
  });
  const next = () => {
    if (answered === -1) return;
    const step = ANSWERS[answered];
    if (step && output.indexOf(step[0], searchFrom) !== -1) {
      answered++;
      searchFrom = output.length;
      child.stdin.write(step[1](product));
    }
  };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    if (output.includes("License API URL")) markAsked();
    next();
  });
  const done = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    product,
    asked,
    done,
    output: () => output,
    answer() {
      answered = 0;
      searchFrom = output.length;
      child.stdin.write("\r"); // the default License API URL
    },
  };
}

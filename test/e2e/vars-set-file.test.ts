import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../../src/emulator/server.js";
import { errorOf, runRecorded, tempHome } from "../helpers/cli.js";
import { apiKeyEnv, EMPTY_HWID, startTestEmulator } from "../helpers/emulator.js";

let emulator: RunningEmulator;
let dir: string;
beforeAll(async () => {
  emulator = await startTestEmulator();
  dir = join(tempHome(), "project");
  mkdirSync(dir);
  writeFileSync(join(dir, "latin1.env"), Buffer.from("note=caf\xe9\n", "latin1"));
});

const run = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  runRecorded(emulator, args, { cwd: dir, env: options.env ?? apiKeyEnv(emulator), input: options.input });
const sentVariables = (result: Awaited<ReturnType<typeof run>>) => {
  // One write (after the journal's read of the values before).
  expect(result.requests.filter((r) => r.method === "POST").map((r) => [r.method, r.path])).toEqual([
    ["POST", "/api/v4/track_device_variables"],
  ]);
  return (
    result.requests.find((r) => r.path.endsWith("/track_device_variables"))?.body as
      | { variables?: unknown }
      | undefined
  )?.variables;
};

describe("vars set --file", () => {
  it("reads a dotenv file: comments, export, quotes, escapes and multi-line values, typed like arguments", async () => {
    const dotenv = [
      "# settings for the beta ring",
      "export channel=beta",
      "seats=5 # inline comment",
      "build='007'",
      'port="8080"',
      "flag=true",
      'note="line 1\\nline \\"2\\""',
      'cert="-----BEGIN-----',
      "abc",
      '-----END-----"',
      "empty=",
      "",
    ].join("\n");
    writeFileSync(join(dir, "vars.env"), dotenv);
    const result = await run(["vars", "set", "--file", "vars.env", "--quiet"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(sentVariables(result)).toEqual({
      channel: "beta",
      seats: 5,
      build: "007",
      port: 8080,
      flag: true,
      note: 'line 1\nline "2"',
      cert: "-----BEGIN-----\nabc\n-----END-----",
      empty: "",
    });
  });

  it("lets arguments win over the file for the same key, and --string turn dotenv typing off", async () => {
    writeFileSync(join(dir, "ring.env"), "channel=beta\nseats=5\n");
    const result = await run(["vars", "set", "--string", "--file", "ring.env", "channel=stable", "extra=1"]);
    expect(result.code).toBe(0);
    expect(sentVariables(result)).toEqual({ channel: "stable", seats: "5", extra: "1" });
  });

  it("reads a JSON object from stdin, values keeping their JSON type even with --string", async () => {
    const input = `${JSON.stringify({ build: "007", seats: 5, beta: false, "10": "ten" })}\n`;
    const result = await run(["vars", "set", "--string", "--file", "-", "--json"], { input });
    expect(result.code).toBe(0);
    expect(sentVariables(result)).toEqual({ build: "007", seats: 5, beta: false, "10": "ten" });
    expect(JSON.parse(result.stdout)).toHaveLength(4);
  });

  it.each([
    ["a=x\n", { a: "x" }],
    ["a=x", { a: "x" }],
    ['a="x\n"\n', { a: "x\n" }],
    ['a="x\n\n"', { a: "x\n\n" }],
    ["\ufeffa=1\r\nb='two'\r\n", { a: 1, b: "two" }],
  ])(
    "takes stdin %j exactly: a final newline ends the line, a newline inside quotes is data",
    async (input, expected) => {
      const result = await run(["vars", "set", "--file", "-"], { input });
      expect(result.code).toBe(0);
      expect(sentVariables(result)).toEqual(expected);
    },
  );

  it("forces the format with --format", async () => {
    const result = await run(["vars", "set", "--file", "-", "--format", "json", "--json"], {
      input: "a=1\n",
    });
    expect(result.code).toBe(2);
    expect(result.requests).toEqual([]);
    expect(errorOf(result.stderr)).toMatchObject({ code: "invalid_json_file" });
    expect(errorOf(result.stderr).message).toContain("stdin is not valid JSON");
  });

  it.each([
    [["--file", "-"], "", "empty_input", "stdin is empty"],
    [["--file", "-"], "\n\n", "empty_input", "stdin is empty"],
    [["--file", "-"], "# only a comment\n", "empty_input", "stdin holds no variables"],
    [["--file", "-"], "{}", "empty_input", "stdin holds no variables"],
    [
      ["--file", "-"],
      'a="never closed\n',
      "invalid_dotenv",
      "stdin, line 1: the double quote is never closed",
    ],
    [["--file", "-"], "a=1\nb=2\na=3\n", "invalid_dotenv", 'stdin, line 3: "a" is already set on line 1'],
    [["--file", "-"], '{"a": 1, "a": 2}', "duplicate_variable", '"a" is given more than once'],
    [["--file", "-"], '{"a": null}', "invalid_variable", '"a" must be a string, number or boolean'],
    [["--file", "latin1.env"], "", "invalid_encoding", "latin1.env is not UTF-8 text"],
    [["--file", "missing.env"], "", "unreadable_file", "Cannot read --file missing.env: no such file"],
    [["--file", "-", "a=1", "a=2"], "b=1", "duplicate_variable", 'Variable "a" is given more than once'],
    [["--format", "json", "a=1"], "", "invalid_usage", "--format applies to --file"],
    [[], "", "missing_argument", "Nothing to set"],
  ])("refuses %j with input %j as a usage error, sending nothing", async (args, input, code, message) => {
    const result = await run(["vars", "set", ...args, "--json"], { input });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.requests).toEqual([]);
    expect(errorOf(result.stderr)).toMatchObject({ kind: "usage", code });
    expect(errorOf(result.stderr).message).toContain(message);
  });
});

describe("vars set --dry-run", () => {
  const env = () => apiKeyEnv(emulator, { LICENSECTL_HARDWARE_ID: EMPTY_HWID });

  beforeAll(async () => {
    const seeded = await run(["vars", "set", "channel=stable", "seats=5"], { env: env() });
    expect(seeded.code).toBe(0);
  });

  it("reads the device once, prints added / changed / unchanged, and sends nothing else", async () => {
    const result = await run(["vars", "set", "--dry-run", "--file", "-", "channel=beta"], {
      env: env(),
      input: "seats=5\nregion=eu\n",
    });
    // In a pipe the table is stdout's data; "nothing was sent" is a message for people, on stderr.
    expect(result.stderr).toBe(
      `Dry run, nothing was sent: 1 to add, 1 to change, 1 unchanged · hardware ID ${EMPTY_HWID} (env LICENSECTL_HARDWARE_ID)\n`,
    );
    expect(result.code).toBe(0);
    expect(result.requests.map((r) => [r.method, r.path])).toEqual([["GET", "/api/v4/get_device_variables"]]);
    expect(result.stdout).toBe(
      [
        "VARIABLE  CHANGE     VALUE",
        "channel   changed    stable → beta",
        "region    added      eu",
        "seats     unchanged  5",
        "",
      ].join("\n"),
    );
    const after = await run(["vars", "list", "--json"], { env: env() });
    expect(
      JSON.parse(after.stdout).map((v: { variable: string; value: string }) => [v.variable, v.value]),
    ).toEqual([
      ["channel", "stable"],
      ["seats", "5"],
    ]);
  });

  it("prints the plan as one JSON object with --json", async () => {
    const result = await run(["vars", "set", "--dry-run", "--json", "seats:=6", "on:=true"], { env: env() });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      variables: [
        { variable: "on", action: "added", old_value: null, new_value: true },
        { variable: "seats", action: "changed", old_value: "5", new_value: 6 },
      ],
      added: 1,
      changed: 1,
      unchanged: 0,
    });
    expect(result.requests.every((r) => r.method === "GET")).toBe(true);
  });

  it("validates the input before reading the device", async () => {
    const result = await run(["vars", "set", "--dry-run", "bad"], { env: env() });
    expect(result.code).toBe(2);
    expect(result.requests).toEqual([]);
  });
});

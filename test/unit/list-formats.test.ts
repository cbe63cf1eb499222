import { describe, expect, it } from "vitest";
import type { DeviceVariable } from "../../src/api/device-variables.js";
import { chooseFormat } from "../../src/commands/runtime/output-format.js";
import { shellQuote } from "../../src/core/shell-quote.js";
import { renderEnv } from "../../src/output/env-format.js";
import { orderedJsonObject } from "../../src/output/json-format.js";
import { renderTsv, tsvField } from "../../src/output/tsv-format.js";
import { thrownBy } from "../helpers/errors.js";
import { captureOutput } from "../helpers/streams.js";

const variable = (name: string, value: DeviceVariable["value"]): DeviceVariable => ({
  variable: name,
  value,
  device_id: 1,
  created_at: "2026-01-01T00:00:00.000Z",
});

describe("shellQuote", () => {
  it.each([
    ["plain", "'plain'"],
    ["", "''"],
    ["it's", "'it'\\''s'"],
    ["''", "''\\'''\\'''"],
    ["$(touch x) `y` $HOME \\ ; \n", "'$(touch x) `y` $HOME \\ ; \n'"],
  ])("quotes %j as %s", (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});

describe("renderEnv", () => {
  it("writes KEY='value' lines, skipping names a shell cannot assign with a warning naming them", () => {
    const { out, streams } = captureOutput();
    renderEnv(out, [variable("10", "x"), variable("a-b", "y"), variable("n", 5), variable("_ok", "it's")]);
    expect(streams.stdout).toBe("n='5'\n_ok='it'\\''s'\n");
    expect(streams.stderr).toBe(
      'warning: skipped "10": not a shell variable name.\nwarning: skipped "a-b": not a shell variable name.\n',
    );
  });

  it("escapes control characters in a skipped name's warning", () => {
    const { out, streams } = captureOutput();
    renderEnv(out, [variable("\u001b[2Jx", "y")]);
    expect(streams.stderr).toBe('warning: skipped "\\\\e[2Jx": not a shell variable name.\n');
  });

  it("skips a value with a NUL, which no shell variable can hold", () => {
    const { out, streams } = captureOutput();
    renderEnv(out, [variable("a", "x\u0000y")]);
    expect(streams.stdout).toBe("");
    expect(streams.stderr).toContain("skipped a: its value holds a NUL character");
  });

  it("writes control characters raw into a pipe and escaped on a terminal", () => {
    const values = [variable("a", "red\u001b[31m\nnext")];
    const piped = captureOutput();
    renderEnv(piped.out, values);
    expect(piped.streams.stdout).toBe("a='red\u001b[31m\nnext'\n");
    const terminal = captureOutput({ tty: true });
    renderEnv(terminal.out, values);
    expect(terminal.streams.stdout).toBe("a='red\\e[31m\\nnext'\n");
  });
});

describe("tsv", () => {
  it.each([
    ["plain", "plain"],
    ["tab\there", "tab\\there"],
    ["new\nline\r", "new\\nline\\r"],
    ["back\\slash\\n", "back\\\\slash\\\\n"],
    ["\u001b[2J\u0007", "\\e[2J\\x07"],
  ])("escapes the field %j as %j", (text, field) => {
    expect(tsvField(text)).toBe(field);
  });

  it("writes one header-less name<TAB>value line per variable", () => {
    const { out, streams } = captureOutput();
    renderTsv(out, [variable("a\tb", "1\n2"), variable("n", 5)]);
    expect(streams.stdout).toBe("a\\tb\t1\\n2\nn\t5\n");
  });

  it("writes nothing at all for no variables", () => {
    const { out, streams } = captureOutput();
    renderTsv(out, []);
    expect(streams.stdout).toBe("");
  });
});

describe("orderedJsonObject", () => {
  it("keeps the given key order, integer-like keys included", () => {
    const text = orderedJsonObject([
      ["9", "nine"],
      ["10", 10],
      ["__proto__", true],
    ]);
    expect(text).toBe('{\n  "9": "nine",\n  "10": 10,\n  "__proto__": true\n}');
    expect(JSON.parse(text)).toEqual({ "9": "nine", "10": 10, ["__proto__"]: true });
  });

  it("writes {} for no keys", () => {
    expect(orderedJsonObject([])).toBe("{}");
  });
});

describe("the output format the runtime chooses for vars list", () => {
  it.each([
    [false, undefined, "table"],
    [true, undefined, "json"],
    [true, "json", "json"],
    [false, "env", "env"],
    [false, "tsv", "tsv"],
  ] as const)("--json %s with --output %s → %s", (json, output, format) => {
    expect(chooseFormat(json, output, "table")).toBe(format);
  });

  it("refuses --json with another --output", () => {
    const error = thrownBy(() => chooseFormat(true, "env", "table"));
    expect(error).toMatchObject({ kind: "usage", code: "conflicting_options" });
    expect(error.message).toContain("--output env");
  });
});

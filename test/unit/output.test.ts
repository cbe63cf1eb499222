import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { CliError } from "../../src/core/cli-error.js";
import { colorLevel } from "../../src/output/color-level.js";
import { escapeControl } from "../../src/output/escape-terminal.js";
import { renderTable } from "../../src/output/text-table.js";
import { captureOutput } from "../helpers/streams.js";

const plain = new Chalk({ level: 0 });

describe("renderTable", () => {
  it("aligns columns without trailing spaces", () => {
    const table = renderTable(
      [{ header: "VARIABLE" }, { header: "VALUE" }],
      [
        ["a", "1"],
        ["longer_name", "x"],
      ],
      plain,
    );
    expect(table).toBe("VARIABLE     VALUE\na            1\nlonger_name  x");
  });

  it("escapes control characters so a value cannot drive the terminal", () => {
    const table = renderTable([{ header: "V" }], [["\u001b[2Jx\ny"]], plain);
    expect(table).toBe("V\n\\e[2Jx\\ny");
  });
});

describe("escapeControl", () => {
  it.each([
    ["plain text ✓", "plain text ✓"],
    ["tab\there", "tab\\there"],
    ["bell\u0007", "bell\\x07"],
    ["del\u007f", "del\\x7f"],
    ["csi\u009b", "csi\\x9b"],
    ["rtl\u202eevil", "rtl\\u202eevil"],
  ])("shows %j as %j", (input, expected) => {
    expect(escapeControl(input)).toBe(expected);
  });
});

describe("colorLevel", () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };
  it.each([
    ["a TTY", tty, {}, true, 1],
    ["a pipe", pipe, {}, true, 0],
    ["NO_COLOR on a TTY", tty, { NO_COLOR: "1" }, true, 0],
    ["an empty NO_COLOR", tty, { NO_COLOR: "" }, true, 1],
    ["FORCE_COLOR on a pipe", pipe, { FORCE_COLOR: "1" }, true, 1],
    ["FORCE_COLOR=0 on a TTY", tty, { FORCE_COLOR: "0" }, true, 0],
    ["NO_COLOR with FORCE_COLOR", pipe, { NO_COLOR: "1", FORCE_COLOR: "1" }, true, 0],
    ["--no-color with FORCE_COLOR", tty, { FORCE_COLOR: "1" }, false, 0],
    ["TERM=dumb on a TTY", tty, { TERM: "dumb" }, true, 0],
  ])("decides for %s", (_name, stream, env, flag, expected) => {
    expect(colorLevel(stream, env as Record<string, string>, flag)).toBe(expected);
  });
});

describe("Output", () => {
  it("renders an error with code, status and hint", () => {
    const { out, streams } = captureOutput();
    out.error(
      new CliError("api", "Device not found", {
        code: "device_not_found",
        status: 400,
        hint: "Activate it.",
      }),
    );
    expect(streams.stderr).toBe("error: Device not found (device_not_found, HTTP 400)\nhint: Activate it.\n");
    expect(streams.stdout).toBe("");
  });

  it("renders an error as one JSON object with --json", () => {
    const { out, streams } = captureOutput({ json: true });
    out.error(new CliError("network", "down", { code: "timeout" }));
    expect(JSON.parse(streams.stderr)).toEqual({
      error: { kind: "network", code: "timeout", status: null, message: "down", hint: null, exit_code: 6 },
    });
  });

  it("scrubs registered secrets from everything on stderr", () => {
    const { out, streams } = captureOutput({ debug: true });
    out.addSecret("s3cr3t-value");
    out.debug("header apikey=s3cr3t-value");
    out.error(new CliError("api", "server said s3cr3t-value"));
    expect(streams.stderr).not.toContain("s3cr3t-value");
    expect(streams.stderr).toContain("[redacted]");
  });

  it("drops info lines with --quiet but keeps warnings", () => {
    const { out, streams } = captureOutput({ quiet: true });
    out.info("informational");
    out.warn("careful");
    expect(streams.stderr).toBe("warning: careful\n");
  });
});

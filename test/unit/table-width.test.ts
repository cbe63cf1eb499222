import { Chalk } from "chalk";
import { beforeAll, describe, expect, it } from "vitest";
import {
  displayWidth,
  loadDisplayWidth,
  shortenId,
  truncateToWidth,
} from "../../src/output/display-width.js";
import { Output } from "../../src/output/output.js";
import { renderTable } from "../../src/output/text-table.js";
import { renderVariables } from "../../src/output/variables-table.js";
import { memoryStream } from "../helpers/streams.js";

const plain = new Chalk({ level: 0 });

beforeAll(() => loadDisplayWidth(["日本"]));
const HWID64 = "0035969ec53f6e7f0fb40f08cc9ed4783aa99c2000cf1ebe4187c10dd0d8370f";

/** An Output whose stdout is a terminal of `columns` columns (or a pipe without). */
function terminalOutput(columns: number | undefined, debug = false) {
  const stdout = { ...memoryStream(columns !== undefined), columns };
  const write = (chunk: string) => {
    stdout.text += chunk;
    return true;
  };
  const stderr = memoryStream();
  const out = new Output({
    stdout: { isTTY: columns !== undefined, columns, write },
    stderr,
    env: {},
    color: false,
    json: false,
    quiet: false,
    debug,
  });
  return { out, stdout, stderr };
}

const variables = [
  { variable: "channel", value: "beta", device_id: 1698663677416479, created_at: "2026-01-01T00:00:00.000Z" },
  {
    variable: "notes",
    value: "a long value that no 80-column terminal can show beside its name and date without wrapping it",
    device_id: 1698663677416479,
    created_at: "2026-01-01T00:00:00.000Z",
  },
];

describe("display width", () => {
  it.each([
    ["héllo", 5],
    ["✓", 1],
    ["日本", 4],
    ["e\u0301", 1],
  ])("counts %j as %i columns", (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it("cuts by columns, never inside a wide character, and marks the cut with …", () => {
    expect(truncateToWidth("日本語テキスト", 6)).toBe("日本…");
    expect(displayWidth(truncateToWidth("日本語テキスト", 6))).toBeLessThanOrEqual(6);
    expect(truncateToWidth("short", 10)).toBe("short");
  });

  it("shortens a 64-character hardware ID to its ends, and leaves short ones whole", () => {
    expect(shortenId(HWID64)).toBe("0035969e…370f");
    expect(shortenId("hw-0001-test")).toBe("hw-0001-test");
  });
});

describe("renderTable", () => {
  it("pads by display width, so wide and accented cells keep the columns aligned", () => {
    const table = renderTable(
      [{ header: "NAME" }, { header: "VALUE" }],
      [
        ["héllo", "1"],
        ["日本", "2"],
        ["✓", "3"],
      ],
      plain,
    );
    const valueColumns = table
      .split("\n")
      .map((line) => displayWidth(line.slice(0, line.lastIndexOf(" ") + 1)));
    expect(new Set(valueColumns).size).toBe(1);
  });

  it("fits a terminal's width by cutting the widest column, with …", () => {
    const rows = variables.map((v) => [v.variable, String(v.value), v.created_at]);
    const table = renderTable(
      [{ header: "VARIABLE" }, { header: "VALUE" }, { header: "UPDATED" }],
      rows,
      plain,
      80,
    );
    for (const line of table.split("\n")) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(table).toContain("…");
    expect(table).toContain("2026-01-01T00:00:00.000Z"); // the narrow columns are kept whole
  });

  it("cuts nothing without a width (a pipe)", () => {
    const rows = variables.map((v) => [v.variable, String(v.value), v.created_at]);
    const table = renderTable(
      [{ header: "VARIABLE" }, { header: "VALUE" }, { header: "UPDATED" }],
      rows,
      plain,
    );
    expect(table).toContain(String(variables[1]?.value));
    expect(table).not.toContain("…");
  });

  it("leaves no trailing spaces, even when the last cell is empty", () => {
    const table = renderTable([{ header: "A" }, { header: "B" }], [["x", ""]], plain);
    for (const line of table.split("\n")) expect(line).toBe(line.trimEnd());
  });
});

describe("captions", () => {
  const view = {
    variables,
    hardwareId: {
      value: HWID64,
      source: { type: "derived", detail: "derived from this machine by node-machine-id" },
    },
    heading: "2 variables",
    emptyMessage: "none",
  } as const;

  it("on an 80-column terminal: a caption with the hardware ID shortened, every line within 80 columns", () => {
    const { out, stdout, stderr } = terminalOutput(80);
    renderVariables(out, view);
    const lines = stdout.text.trimEnd().split("\n");
    expect(lines[0]).toContain("hardware ID 0035969e…370f");
    expect(stdout.text).not.toContain(HWID64);
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(stderr.text).toBe("");
  });

  it("in a pipe: stdout holds the table alone, the caption is dropped", () => {
    const { out, stdout, stderr } = terminalOutput(undefined);
    renderVariables(out, view);
    expect(stdout.text.split("\n")[0]).toMatch(/^VARIABLE\s+VALUE\s+UPDATED$/);
    expect(stdout.text).not.toContain("hardware ID");
    expect(stderr.text).toBe("");
  });

  it("with --debug: the full hardware ID", () => {
    const { out, stdout } = terminalOutput(200, true);
    renderVariables(out, view);
    expect(stdout.text).toContain(`hardware ID ${HWID64}`);
  });
});

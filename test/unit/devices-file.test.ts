import { describe, expect, it } from "vitest";
import { parseCsv } from "../../src/commands/vars/set/fleet/parse-devices-csv.js";
import {
  buildTargets,
  headerProblems,
  type RawRow,
} from "../../src/commands/vars/set/fleet/validate-device-rows.js";

const rows = (...list: Array<Record<string, unknown>>): RawRow[] =>
  list.map((fields, i) => ({ line: i + 2, fields }));
const problemsOf = (action: () => unknown): string => {
  try {
    action();
  } catch (error) {
    return [(error as Error).message, ...((error as { lines?: string[] }).lines ?? [])].join("\n");
  }
  throw new Error("no error");
};

describe("parseCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, CRLF, and skips blank lines", () => {
    expect(parseCsv('hardware_id,license_key\r\n"a,b","say ""hi"""\r\n\r\n"two\nlines",k\n')).toEqual([
      { line: 1, fields: ["hardware_id", "license_key"] },
      { line: 2, fields: ["a,b", 'say "hi"'] },
      { line: 4, fields: ["two\nlines", "k"] },
    ]);
  });

  it("names the line of a quote that never closes", () => {
    expect(() => parseCsv('h\nok\n"open\nstill')).toThrow("line 3: a quoted field never closes");
  });
});

describe("buildTargets", () => {
  const defaults = { product: "demo", licenseKey: "CONF-KEY", licenseId: 9 };

  it("fills the configured product and license into rows that do not name them, and pins only that license", () => {
    expect(
      buildTargets(
        rows({ hardware_id: "a" }, { hardware_id: "b", username: "u@x", product: "other" }),
        defaults,
        "f",
      ),
    ).toEqual([
      { product: "demo", hardware_id: "a", license_key: "CONF-KEY", license_id: 9 },
      { product: "other", hardware_id: "b", username: "u@x" },
    ]);
  });

  it("accepts license_id as a number or digits", () => {
    expect(
      buildTargets(
        rows({ hardware_id: "a", license_id: "12" }, { hardware_id: "a", license_id: 13 }),
        defaults,
        "f",
      ),
    ).toEqual([
      { product: "demo", hardware_id: "a", license_key: "CONF-KEY", license_id: 12 },
      { product: "demo", hardware_id: "a", license_key: "CONF-KEY", license_id: 13 },
    ]);
  });

  it("reports every problem with its line number, all at once", () => {
    const message = problemsOf(() =>
      buildTargets(
        [
          ...rows(
            { hardware_id: "a" },
            { license_key: "K" },
            { hardware_id: "b", license_key: "K", username: "u" },
            { hardware_id: "c", license_id: "x7" },
            { hardware_id: "d", licence_key: "K" },
            { hardware_id: "a" },
            { hardware_id: 5 },
          ),
          { line: 9, problem: "not a JSON object (one object per line)" },
        ],
        defaults,
        "devices.csv",
      ),
    );
    expect(message).toContain("--devices devices.csv has 7 problems; nothing was sent:");
    expect(message).toContain("line 3: no hardware_id");
    expect(message).toContain("line 4: both license_key and username: name one license");
    expect(message).toContain('line 5: license_id must be a positive whole number, got "x7"');
    expect(message).toContain('line 6: unknown field "licence_key"');
    expect(message).toContain("line 7: the same device as line 2");
    expect(message).toContain("line 8: hardware_id must be text");
    expect(message).toContain("line 9: not a JSON object");
  });

  it("refuses a row without a license when none is configured, and a file without devices", () => {
    expect(problemsOf(() => buildTargets(rows({ hardware_id: "a" }), { product: "demo" }, "f"))).toContain(
      "line 2: no license_key or username, and no license is configured",
    );
    expect(problemsOf(() => buildTargets([], defaults, "f"))).toContain("names no device");
  });
});

describe("headerProblems", () => {
  it("names an unknown column once with the field it was probably meant to be", () => {
    expect(headerProblems(["hardware_id", "licence_key"])).toEqual([
      'unknown column "licence_key" (did you mean "license_key"?); known: hardware_id, license_key, username, license_id, product',
    ]);
  });

  it("refuses a column named twice, an empty name, and a header without hardware_id", () => {
    expect(headerProblems(["hardware_id", "license_key", "hardware_id"])).toEqual([
      'column 3 is named "hardware_id" like column 1: name each field once',
    ]);
    expect(headerProblems(["hardware_id", ""])).toEqual(["column 2 has no name"]);
    expect(headerProblems(["license_key"])).toEqual(["no hardware_id column"]);
    expect(headerProblems(["hardware_id", "product"])).toEqual([]);
  });
});

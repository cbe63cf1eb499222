import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import {
  LICENSE_KEY,
  MANAGEMENT_API_KEY,
  PRODUCT,
  startTestEmulator,
  testSeed,
} from "../helpers/emulator.js";

const FORMULAS = {
  a_eq: '=HYPERLINK("http://evil","x")',
  b_plus: "+cmd|' /C calc'!A0",
  c_minus: "-2+3",
  d_at: "@SUM(A1)",
  e_tab: "\t=1",
  f_cr: "\r=1",
  g_neg: "-5",
  h_plus_num: "+1.5e3",
  i_plain: "stable",
};

async function exportCsv(extra: string[] = []) {
  const seed = testSeed();
  seed.licenses[0]?.devices?.splice(1);
  const device = seed.licenses[0]?.devices?.[0];
  if (device) device.variables = { ...FORMULAS };
  // A hardware ID is chosen by whoever activated the device: neutralised too.
  seed.licenses[0]?.devices?.push({ id: 77, hardwareId: "=1+1", variables: { x: "1" } });
  const emulator = await startTestEmulator({ seed });
  return runCli(["vars", "export", "--format", "csv", ...extra], {
    env: {
      LICENSECTL_MANAGEMENT_URL: emulator.managementUrl,
      LICENSECTL_MANAGEMENT_API_KEY: MANAGEMENT_API_KEY,
      LICENSECTL_PRODUCT: PRODUCT,
      LICENSECTL_LICENSE_KEY: LICENSE_KEY,
    },
  });
}

const cellsOf = (stdout: string) => stdout.trim().split("\n").slice(1).join("\n");

describe("vars export --format csv neutralises spreadsheet formulas (OWASP CSV injection)", () => {
  it("prefixes cells starting with = + - @ TAB or CR with ', keeping numbers such as -5", async () => {
    const run = await exportCsv();
    expect(run.code).toBe(0);
    const cells = cellsOf(run.stdout);
    expect(cells).toContain(`a_eq,"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(cells).toContain("b_plus,'+cmd|' /C calc'!A0");
    expect(cells).toContain("c_minus,'-2+3");
    expect(cells).toContain("d_at,'@SUM(A1)");
    expect(cells).toContain("e_tab,'\t=1");
    expect(cells).toContain(`f_cr,"'\r=1"`);
    expect(cells).toContain("g_neg,-5\n");
    expect(cells).toContain("h_plus_num,+1.5e3\n");
    expect(cells).toContain("i_plain,stable");
    expect(cells).toContain("77,'=1+1,");
  });

  it("--raw-csv writes the cells as stored", async () => {
    const run = await exportCsv(["--raw-csv"]);
    expect(run.code).toBe(0);
    expect(cellsOf(run.stdout)).toContain("b_plus,+cmd|' /C calc'!A0");
    expect(cellsOf(run.stdout)).not.toContain(",'");
  });
});

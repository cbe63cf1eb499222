import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  allLicenses: {
    type: "boolean",
    flags: "--all-licenses",
    help: "every license of the product (--product), not just the configured license",
  },
  format: {
    type: "text",
    flags: "--format <format>",
    help: "jsonl (default): one JSON object per device; csv: one row per variable",
    choices: ["jsonl", "csv"],
    default: "jsonl",
  },
  rawCsv: {
    type: "boolean",
    flags: "--raw-csv",
    help: "csv: write cells as stored, even those a spreadsheet would run as a formula",
  },
} as const;

export type VarsExportInput = InputOf<[], typeof flags>;

/** `vars export`. */
export const varsExport = defineVerb({
  name: "export",
  description: "Print the variables of every device of the configured license (or product), for a file.",
  flags,
  needs: "management",
  examples: [
    "licensectl vars export > devices.jsonl",
    "licensectl vars export --all-licenses --product demo --format csv > vars.csv",
  ],
  notes:
    'jsonl lines: {"device_id", "hardware_id", "license_id", "variables": {name: value}}; csv header:\n' +
    "device_id,hardware_id,license_id,variable,value (RFC 4180 quoting; a device without variables has no row).\n" +
    "csv cells starting with = + - @ TAB or CR get a leading ' so a spreadsheet shows them as text, not\n" +
    "formulas (numbers such as -5 are kept); --raw-csv writes them as stored.\n" +
    "Needs LICENSECTL_MANAGEMENT_API_KEY; the devices are chosen as by `devices list`.",
  run: async (input: VarsExportInput) => (await import("./run-vars-export.js")).runVarsExport(input),
});

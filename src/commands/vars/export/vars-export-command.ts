import { Option } from "commander";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { ExportFormat } from "./run-vars-export.js";

const FORMATS: readonly ExportFormat[] = ["jsonl", "csv"];

/** `vars export`. */
export const registerVarsExport: RegisterVerb = (vars, dispatch) => {
  vars
    .command("export")
    .description("Print the variables of every device of the configured license (or product), for a file.")
    .option("--all-licenses", "every license of the product (--product), not just the configured license")
    .addOption(
      new Option(
        "--format <format>",
        "jsonl (default): one JSON object per device; csv: one row per variable",
      )
        .choices(FORMATS)
        .default("jsonl"),
    )
    .option("--raw-csv", "csv: write cells as stored, even those a spreadsheet would run as a formula")
    .addHelpText(
      "after",
      examples(
        "licensectl vars export > devices.jsonl",
        "licensectl vars export --all-licenses --product demo --format csv > variables.csv",
      ) +
        '\njsonl lines: {"device_id", "hardware_id", "license_id", "variables": {name: value}}; csv header:\n' +
        "device_id,hardware_id,license_id,variable,value (RFC 4180 quoting; a device without variables has no row).\n" +
        "csv cells starting with = + - @ TAB or CR get a leading ' so a spreadsheet shows them as text, not\n" +
        "formulas (numbers such as -5 are kept); --raw-csv writes them as stored.\n" +
        "Needs LICENSECTL_MANAGEMENT_API_KEY; the devices are chosen as by `devices list`.\n",
    )
    .action(async (opts: { allLicenses?: boolean; format: ExportFormat; rawCsv?: boolean }) => {
      const { runVarsExport } = await import("./run-vars-export.js");
      await dispatch((ctx) =>
        runVarsExport(ctx, {
          allLicenses: opts.allLicenses === true,
          format: opts.format,
          rawCsv: opts.rawCsv === true,
        }),
      );
    });
};

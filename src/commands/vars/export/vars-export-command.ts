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
    .addHelpText(
      "after",
      examples(
        "licensectl vars export > devices.jsonl",
        "licensectl vars export --all-licenses --product demo --format csv > variables.csv",
      ) +
        '\njsonl lines: {"device_id", "hardware_id", "license_id", "variables": {name: value}}; csv header:\n' +
        "device_id,hardware_id,license_id,variable,value (RFC 4180 quoting; a device without variables has no row).\n" +
        "Needs LICENSECTL_MANAGEMENT_API_KEY; the devices are chosen as by `devices list`.\n",
    )
    .action(async (opts: { allLicenses?: boolean; format: ExportFormat }) => {
      const { runVarsExport } = await import("./run-vars-export.js");
      await dispatch((ctx) =>
        runVarsExport(ctx, { allLicenses: opts.allLicenses === true, format: opts.format }),
      );
    });
};

import { Option } from "commander";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { DevicesListFormat } from "./run-devices-list.js";

const FORMATS: readonly DevicesListFormat[] = ["table", "json", "tsv"];

/** `devices list` (`devices ls`). */
export const registerDevicesList: RegisterVerb = (devices, dispatch, program) => {
  devices
    .command("list")
    .alias("ls")
    .description("List the devices of the configured license, of a product, or with a hardware ID.")
    .option("--all-licenses", "every license of the product (--product), not just the configured license")
    .addOption(
      new Option(
        "-o, --output <format>",
        "table (default); json (= --json); tsv: rows without a header, columns as in the JSON",
      ).choices(FORMATS),
    )
    .addHelpText(
      "after",
      examples(
        "licensectl devices list --license-key KEY      # one license, by key, username or --license-id",
        "licensectl devices list --product demo --all-licenses",
        "licensectl devices list --hardware-id ID       # that hardware ID on every license",
        "licensectl devices ls -o tsv | cut -f1,2       # device ID and hardware ID",
      ) +
        "\nNeeds LICENSECTL_MANAGEMENT_API_KEY. A license ID, key or username names the license (a key or username\n" +
        "is looked up within the configured product); --hardware-id on the command line narrows the listing (a\n" +
        "hardware ID from env or a config file does not). TSV and JSON columns: device_id, hardware_id,\n" +
        "license_id, license_key, active, last_check, os, hostname, app_ver, variable_count.\n",
    )
    .action(async (opts: { allLicenses?: boolean; output?: DevicesListFormat }) => {
      if (opts.output === "json") program.setOptionValue("json", true);
      const { runDevicesList } = await import("./run-devices-list.js");
      await dispatch((ctx) =>
        runDevicesList(ctx, { allLicenses: opts.allLicenses === true, output: opts.output }),
      );
    });
};

import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  allLicenses: {
    type: "boolean",
    flags: "--all-licenses",
    help: "every license of the product (--product), not just the configured license",
  },
} as const;
const formats = ["table", "json", "tsv"] as const;

export type DevicesListInput = InputOf<[], typeof flags, (typeof formats)[number]>;

/** `devices list` (`devices ls`). */
export const devicesList = defineVerb({
  name: "list",
  aliases: ["ls"],
  description: "List the devices of the configured license, of a product, or with a hardware ID.",
  flags,
  output: {
    formats,
    help: "table (default); json (= --json); tsv: rows without a header, columns as in the JSON",
  },
  needs: "management",
  examples: [
    "licensectl devices list --license-key KEY   # or --username, --license-id",
    "licensectl devices list --product demo --all-licenses",
    "licensectl devices list --hardware-id ID    # on every license",
    "licensectl devices ls -o tsv | cut -f1,2    # device ID and hardware ID",
  ],
  notes:
    "Needs LICENSECTL_MANAGEMENT_API_KEY. A license ID, key or username names the license (a key or username\n" +
    "is looked up within the configured product); --hardware-id on the command line narrows the listing (a\n" +
    "hardware ID from env or a config file does not). TSV and JSON columns: device_id, hardware_id,\n" +
    "license_id, license_key, active, last_check, os, hostname, app_ver, variable_count.",
  run: async (input: DevicesListInput) => (await import("./run-devices-list.js")).runDevicesList(input),
});

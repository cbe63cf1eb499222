import { defineVerb, type InputOf } from "../../runtime/verb.js";

const args = [{ name: "KEY", variadic: true, help: "names of the variables to delete" }] as const;
const flags = {
  yes: { type: "boolean", flags: "-y, --yes", help: "delete without asking (needed without a terminal)" },
  ignoreMissing: {
    type: "boolean",
    flags: "--ignore-missing",
    help: "skip names the device does not have instead of failing",
  },
} as const;
const formats = ["table", "json", "tsv"] as const;

export type VarsUnsetInput = InputOf<typeof args, typeof flags, (typeof formats)[number]>;

/** `vars unset <KEY...>`. */
export const varsUnset = defineVerb({
  name: "unset",
  description: "Delete variables from the device through the Management API and print what was deleted.",
  args,
  flags,
  output: { formats },
  needs: "management",
  examples: [
    "licensectl vars unset channel seats            # asks first on a terminal",
    "licensectl vars unset channel --yes --json     # no prompt, JSON result",
    "licensectl vars unset old_flag --ignore-missing --yes --license-id 1002",
  ],
  notes:
    "The License API cannot delete, so this uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY (a vendor\n" +
    "back-office key, not the License API key) and, for another deployment, LICENSECTL_MANAGEMENT_URL. The device\n" +
    "is found by hardware ID within the configured license: --license-id, or --license-key / --username (looked\n" +
    "up in the product's licenses); with none, on every license, and several matches are listed to pick from.",
  run: async (input: VarsUnsetInput) => (await import("./run-vars-unset.js")).runVarsUnset(input),
});

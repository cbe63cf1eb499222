import { defineVerb, type InputOf, type NoFlags } from "../../runtime/verb.js";

const formats = ["table", "json", "env", "tsv"] as const;

export type VarsListInput = InputOf<[], NoFlags, (typeof formats)[number]>;

/** `vars list` (`vars ls`). */
export const varsList = defineVerb({
  name: "list",
  aliases: ["ls"],
  description: "List the device's variables, sorted by name.",
  output: {
    formats,
    help: "table (default); json (= --json); env: KEY='value' lines for eval; tsv: name<TAB>value rows",
  },
  needs: "device",
  examples: [
    "licensectl vars list",
    "licensectl vars ls --json | jq -r '.[].variable'",
    'eval "$(licensectl vars list --output env)"  # shell variables, quoted',
    "licensectl vars list -o tsv | cut -f1           # name<TAB>value, no header",
  ],
  run: async (input: VarsListInput) => (await import("./run-vars-list.js")).runVarsList(input),
});

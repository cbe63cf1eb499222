import { defineVerb, type InputOf, type NoFlags } from "../../runtime/verb.js";

const formats = ["table", "json", "tsv", "env"] as const;

export type ConfigShowInput = InputOf<[], NoFlags, (typeof formats)[number]>;

/** `config show`. */
export const configShow = defineVerb({
  name: "show",
  description: "Show every resolved setting and where it came from (secrets masked).",
  output: {
    formats,
    help: "table (default); json (= --json); tsv: key<TAB>value<TAB>source; env: the configured settings as LICENSECTL_*='value' lines (no secrets)",
  },
  needs: "nothing",
  examples: ["licensectl config show", "licensectl --profile staging config show --json"],
  run: async (input: ConfigShowInput) => (await import("./run-config-show.js")).runConfigShow(input),
});

import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  force: { type: "boolean", flags: "--force", help: "replace an existing user config file" },
} as const;

export type ConfigInitInput = InputOf<[], typeof flags>;

/** `config init`. */
export const configInit = defineVerb({
  name: "init",
  description:
    "Write the user config file (mode 0600): asks on a terminal, else takes flags and environment.",
  flags,
  needs: "nothing",
  examples: ["licensectl config init", "licensectl config init --product my-app --license-key AAAA-BBBB"],
  notes:
    "Without a terminal it writes what flags and environment give, e.g. LICENSECTL_API_KEY and LICENSECTL_SHARED_KEY.",
  run: async (input: ConfigInitInput) => (await import("./run-config-init.js")).runConfigInit(input),
});

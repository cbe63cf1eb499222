import { defineVerb, type InputOf, type NoFlags } from "../../runtime/verb.js";

export type ConfigPathInput = InputOf<[], NoFlags>;

/** `config path`. */
export const configPath = defineVerb({
  name: "path",
  description: "List the config files searched, found and used, in order.",
  needs: "nothing",
  examples: ["licensectl config path", "licensectl config path --json"],
  run: async (input: ConfigPathInput) => (await import("./run-config-path.js")).runConfigPath(input),
});

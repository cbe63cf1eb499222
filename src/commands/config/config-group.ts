import type { Group } from "../runtime/verb.js";
import { configInit } from "./init/verb.js";
import { configPath } from "./path/verb.js";
import { configShow } from "./show/verb.js";

/** `config show | path | init`. */
export const CONFIG_GROUP: Group = {
  name: "config",
  description: "Show where settings come from, and write a user config file.",
  examples: ["licensectl config show", "licensectl config path", "licensectl config init"],
  verbs: [configShow, configPath, configInit],
};

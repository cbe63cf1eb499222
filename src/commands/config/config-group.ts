import type { CommandGroup } from "../register-command.js";
import { registerConfigInit } from "./init/config-init-command.js";
import { registerConfigPath } from "./path/config-path-command.js";
import { registerConfigShow } from "./show/config-show-command.js";

/** `config show | path | init`. */
export const CONFIG_GROUP: CommandGroup = {
  name: "config",
  description: "Show where settings come from, and write a user config file.",
  examples: ["licensectl config show", "licensectl config path", "licensectl config init"],
  verbs: [registerConfigShow, registerConfigPath, registerConfigInit],
};

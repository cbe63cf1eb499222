import type { CommandGroup } from "../register-command.js";
import { registerVarsApply } from "./apply/vars-apply-command.js";
import { registerVarsCopy } from "./copy/vars-copy-command.js";
import { registerVarsDiff } from "./diff/vars-diff-command.js";
import { registerVarsExport } from "./export/vars-export-command.js";
import { registerVarsGet } from "./get/vars-get-command.js";
import { registerVarsList } from "./list/vars-list-command.js";
import { registerVarsSet } from "./set/vars-set-command.js";
import { registerVarsUnset } from "./unset/vars-unset-command.js";

/** `vars set | get | list | unset | apply | diff | copy | export`. */
export const VARS_GROUP: CommandGroup = {
  name: "vars",
  description: "Set, get, list, delete, apply, compare, copy and export device variables.",
  examples: [
    "licensectl vars set channel=beta",
    "licensectl vars get channel",
    "licensectl vars list",
    "licensectl vars unset channel",
  ],
  verbs: [
    registerVarsSet,
    registerVarsGet,
    registerVarsList,
    registerVarsUnset,
    registerVarsApply,
    registerVarsDiff,
    registerVarsCopy,
    registerVarsExport,
  ],
};

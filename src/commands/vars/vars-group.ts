import type { Group } from "../runtime/verb.js";
import { varsApply } from "./apply/verb.js";
import { varsCopy } from "./copy/verb.js";
import { varsDiff } from "./diff/verb.js";
import { varsExport } from "./export/verb.js";
import { varsGet } from "./get/verb.js";
import { varsList } from "./list/verb.js";
import { varsSet } from "./set/verb.js";
import { varsUnset } from "./unset/verb.js";

/** `vars set | get | list | unset | apply | diff | copy | export`. */
export const VARS_GROUP: Group = {
  name: "vars",
  description: "Set, get, list, delete, apply, compare, copy and export device variables.",
  examples: [
    "licensectl vars set channel=beta",
    "licensectl vars get channel",
    "licensectl vars list",
    "licensectl vars unset channel",
  ],
  verbs: [varsSet, varsGet, varsList, varsUnset, varsApply, varsDiff, varsCopy, varsExport],
};

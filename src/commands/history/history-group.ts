import type { Group } from "../runtime/verb.js";
import { historyList } from "./list/verb.js";
import { historyPrune } from "./prune/verb.js";
import { historyShow } from "./show/verb.js";

/** `history [list] | show | prune`: the local journal of runs that changed variables. */
export const HISTORY_GROUP: Group = {
  name: "history",
  description: "List the runs that changed variables (newest first), from the local journal.",
  examples: [
    "licensectl history",
    "licensectl history --device hw-0001 --json",
    "licensectl history show 20261206T044014123Z-6e7dff",
    "licensectl undo 20261206T044014123Z-6e7dff --dry-run",
    "licensectl history prune --keep 50",
  ],
  verbs: [historyList, historyShow, historyPrune],
};

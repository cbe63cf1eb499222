import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  keep: { type: "text", flags: "--keep <n>", help: "keep the newest n runs", default: "200" },
  days: { type: "text", flags: "--days <n>", help: "remove runs older than n days", default: "90" },
} as const;

export type HistoryPruneInput = InputOf<[], typeof flags>;

/** `history prune`: trim the journal. */
export const historyPrune = defineVerb({
  name: "prune",
  description: "trim the journal (it keeps the newest 200 runs and 90 days by itself)",
  flags,
  needs: "nothing",
  examples: ["licensectl history prune --keep 50"],
  run: async ({ ctx, flags }: HistoryPruneInput) =>
    (await import("../run-history.js")).runHistoryPrune(ctx, flags),
});

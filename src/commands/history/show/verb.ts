import { defineVerb, type InputOf, type NoFlags } from "../../runtime/verb.js";

const args = [{ name: "id", help: "the run's ID, from licensectl history" }] as const;

export type HistoryShowInput = InputOf<typeof args, NoFlags>;

/** `history show ID`: one run's changes. */
export const historyShow = defineVerb({
  name: "show",
  description: "show one run's changes: each device's values before and after",
  args,
  needs: "nothing",
  examples: ["licensectl history show 20261206T044014123Z-6e7dff"],
  run: async ({ ctx, args: [id] }: HistoryShowInput) =>
    (await import("../run-history.js")).runHistoryShow(ctx, id),
});

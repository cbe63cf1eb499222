import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  device: {
    type: "text",
    flags: "--device <id>",
    help: "only runs that changed this device (hardware ID or device ID)",
  },
} as const;

export type HistoryListInput = InputOf<[], typeof flags>;

/** `history [list]`: the journal's runs, newest first. */
export const historyList = defineVerb({
  name: "list",
  isDefault: true,
  description: "list the runs, newest first",
  flags,
  needs: "nothing",
  examples: ["licensectl history", "licensectl history list --device hw-0001 --json"],
  run: async ({ ctx, flags }: HistoryListInput) =>
    (await import("../run-history.js")).runHistoryList(ctx, { device: flags.device }),
});

import { examples, type RegisterVerb } from "../register-command.js";

/** `history [list]`, `history show ID`, `history prune`: the journal of runs that changed variables. */
export const registerHistory: RegisterVerb = (parent, dispatch) => {
  const history = parent
    .command("history")
    .description("List the runs that changed variables (newest first), from the local journal.")
    .addHelpText(
      "after",
      examples(
        "licensectl history",
        "licensectl history --device hw-0001 --json",
        "licensectl history show 20261206T044014123Z-6e7dff",
        "licensectl undo 20261206T044014123Z-6e7dff --dry-run",
        "licensectl history prune --keep 50",
      ),
    );
  history
    .command("list", { isDefault: true })
    .description("list the runs, newest first")
    .option("--device <id>", "only runs that changed this device (hardware ID or device ID)")
    .action(async (opts: { device?: string }) => {
      const { runHistoryList } = await import("./run-history.js");
      await dispatch((ctx) => runHistoryList(ctx, { device: opts.device }));
    });
  history
    .command("show")
    .description("show one run's changes: each device's values before and after")
    .argument("<id>", "the run's ID, from licensectl history")
    .action(async (id: string) => {
      const { runHistoryShow } = await import("./run-history.js");
      await dispatch((ctx) => runHistoryShow(ctx, id));
    });
  history
    .command("prune")
    .description("trim the journal (it keeps the newest 200 runs and 90 days by itself)")
    .option("--keep <n>", "keep the newest n runs", "200")
    .option("--days <n>", "remove runs older than n days", "90")
    .action(async (opts: { keep: string; days: string }) => {
      const { runHistoryPrune } = await import("./run-history.js");
      await dispatch((ctx) => runHistoryPrune(ctx, opts));
    });
};

import { usageError } from "../../core/cli-error.js";
import { examples, type RegisterVerb } from "../register-command.js";

function wholeRate(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1 || value > 100_000)
    throw usageError(`--rate must be a whole number from 1 to 100000, got "${text}".`);
  return value;
}

/** `undo ID`: put back what a journalled run changed. */
export const registerUndo: RegisterVerb = (parent, dispatch) => {
  parent
    .command("undo")
    .description(
      "Take back a run from the journal: put back the values before, delete the variables it created.",
    )
    .argument("<id>", "the run's ID, from licensectl history")
    .option("--dry-run", "show what would be put back; send no write")
    .option("-y, --yes", "go ahead without asking (needed without a terminal or with CI=true)")
    .option("--rate <n>", "at most n requests/s (default: --budget-share of the plan's budget)")
    .option("--force", "also overwrite values changed since the run (skipped otherwise, exit 8)")
    .addHelpText(
      "after",
      examples(
        "licensectl history",
        "licensectl undo 20261206T044014123Z-6e7dff --dry-run",
        "licensectl undo 20261206T044014123Z-6e7dff --yes",
      ) +
        "\nA value changed since the run is never overwritten without --force: it is skipped and named, and the exit\ncode is 8. Deleting a variable the run created needs the Management API key. The undo is journalled too.\n",
    )
    .action(async (id: string, opts: { dryRun?: boolean; yes?: boolean; force?: boolean; rate?: string }) => {
      const rate = opts.rate === undefined ? undefined : wholeRate(opts.rate);
      const { runUndo } = await import("./run-undo.js");
      await dispatch((ctx) =>
        runUndo(ctx, id, {
          dryRun: opts.dryRun === true,
          yes: opts.yes === true,
          force: opts.force === true,
          rate,
        }),
      );
    });
};

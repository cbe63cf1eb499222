import { defineVerb, type InputOf } from "../runtime/verb.js";

const args = [{ name: "id", help: "the run's ID, from licensectl history" }] as const;
const flags = {
  dryRun: { type: "boolean", flags: "--dry-run", help: "show what would be put back; send no write" },
  yes: {
    type: "boolean",
    flags: "-y, --yes",
    help: "go ahead without asking (needed without a terminal or with CI=true)",
  },
  rate: {
    type: "text",
    flags: "--rate <n>",
    help: "License API requests/s (default: --budget-share of the plan's budget)",
  },
  force: {
    type: "boolean",
    flags: "--force",
    help: "also overwrite values changed since the run (skipped otherwise, exit 8)",
  },
} as const;

export type UndoInput = InputOf<typeof args, typeof flags>;

/** `undo ID`: put back what a journalled run changed. */
export const undo = defineVerb({
  name: "undo",
  description:
    "Take back a run from the journal: put back the values before, delete the variables it created.",
  args,
  flags,
  needs: "nothing",
  examples: [
    "licensectl history",
    "licensectl undo 20261206T044014123Z-6e7dff --dry-run",
    "licensectl undo 20261206T044014123Z-6e7dff --yes",
  ],
  notes:
    "A value changed since the run is never overwritten without --force: it is skipped and named, and the exit " +
    "code is 8. Deleting a variable the run created needs the Management API key. The undo is journalled too.",
  run: async (input: UndoInput) => (await import("./run-undo.js")).runUndo(input),
});

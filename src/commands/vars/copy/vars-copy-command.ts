import { examples, type RegisterVerb } from "../../register-command.js";

/** `vars copy --from <hwid> --to <hwid>`. */
export const registerVarsCopy: RegisterVerb = (vars, dispatch) => {
  vars
    .command("copy")
    .description("Copy every variable of one device to another of the configured license (new hardware).")
    .requiredOption("--from <hardware-id>", "the device to copy from")
    .requiredOption("--to <hardware-id>", "the device to copy to")
    .option("--dry-run", "show what would be added, changed or left unchanged on --to; send nothing")
    .addHelpText(
      "after",
      examples(
        "licensectl vars copy --from HWID_OLD --to HWID_NEW --dry-run",
        "licensectl vars copy --from HWID_OLD --to HWID_NEW --json",
      ) +
        "\nBoth devices are read and written with the License API (same product and license settings). Variables\n" +
        "only on --to are kept (remove them with vars unset). The written values are checked against the answer.\n",
    )
    .action(async (opts: { from: string; to: string; dryRun?: boolean }) => {
      const { runVarsCopy } = await import("./run-vars-copy.js");
      await dispatch((ctx) =>
        runVarsCopy(ctx, { from: opts.from, to: opts.to, dryRun: opts.dryRun === true }),
      );
    });
};

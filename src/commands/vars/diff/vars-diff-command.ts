import { examples, type RegisterVerb } from "../../register-command.js";

/** `vars diff <hardware-id-a> <hardware-id-b>`. */
export const registerVarsDiff: RegisterVerb = (vars, dispatch) => {
  vars
    .command("diff")
    .description("Compare the variables of two devices of the configured license, side by side.")
    .argument("<hwid-a>", "hardware ID of the first device (A)")
    .argument("<hwid-b>", "hardware ID of the second device (B)")
    .addHelpText(
      "after",
      examples(
        "licensectl vars diff HWID_OLD HWID_NEW",
        "licensectl vars diff HWID_OLD HWID_NEW --json | jq '.changed'",
      ) +
        "\nAdded: on B only; removed: on A only; changed: on both with other values; values compare as text.\n" +
        "Both devices are read with the License API (same product and license settings). Exits 0 whether or not\n" +
        "they differ; scripts test the JSON, e.g. jq -e '.added + .removed + .changed | length == 0'.\n",
    )
    .action(async (a: string, b: string) => {
      const { runVarsDiff } = await import("./run-vars-diff.js");
      await dispatch((ctx) => runVarsDiff(ctx, a, b));
    });
};

import { examples, type RegisterVerb } from "../../register-command.js";

/** `vars unset <KEY...>`. */
export const registerVarsUnset: RegisterVerb = (vars, dispatch) => {
  vars
    .command("unset")
    .description("Delete variables from the device through the Management API and print what was deleted.")
    .argument("<KEY...>", "names of the variables to delete")
    .option("-y, --yes", "delete without asking (needed without a terminal)")
    .option("--ignore-missing", "skip names the device does not have instead of failing")
    .addHelpText(
      "after",
      examples(
        "licensectl vars unset channel seats            # asks first on a terminal",
        "licensectl vars unset channel --yes --json     # scripts: no prompt, JSON result",
        "licensectl vars unset old_flag --ignore-missing --yes --license-id 1002",
      ) +
        "\nThe License API cannot delete, so this uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY (a vendor\n" +
        "back-office key, not the License API key) and, for another deployment, LICENSECTL_MANAGEMENT_URL. The device\n" +
        "is found by hardware ID within the configured license: --license-id, or --license-key / --username (looked\n" +
        "up in the product's licenses); with none, on every license, and several matches are listed to pick from.\n",
    )
    .action(async (names: string[], opts: { yes?: boolean; ignoreMissing?: boolean }) => {
      const { runVarsUnset } = await import("./run-vars-unset.js");
      const options = { yes: opts.yes === true, ignoreMissing: opts.ignoreMissing === true };
      await dispatch((ctx) => runVarsUnset(ctx, names, options));
    });
};

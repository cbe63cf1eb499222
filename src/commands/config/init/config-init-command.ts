import { examples, type RegisterVerb } from "../../register-command.js";

/** `config init`. */
export const registerConfigInit: RegisterVerb = (config, dispatch) => {
  config
    .command("init")
    .description(
      "Write the user config file (mode 0600): asks on a terminal, else takes flags and environment.",
    )
    .option("--force", "replace an existing user config file")
    .addHelpText(
      "after",
      examples(
        "licensectl config init",
        "LICENSECTL_API_KEY=… LICENSECTL_SHARED_KEY=… licensectl config init --product my-app --license-key AAAA-BBBB",
      ),
    )
    .action(async (opts: { force?: boolean }) => {
      const { runConfigInit } = await import("./run-config-init.js");
      await dispatch((ctx) => runConfigInit(ctx, { force: opts.force === true }));
    });
};

import { examples, type RegisterVerb } from "../../register-command.js";

/** `config show`. */
export const registerConfigShow: RegisterVerb = (config, dispatch) => {
  config
    .command("show")
    .description("Show every resolved setting and where it came from (secrets masked).")
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl --profile staging config show --json"),
    )
    .action(async () => {
      const { runConfigShow } = await import("./run-config-show.js");
      await dispatch((ctx) => runConfigShow(ctx));
    });
};

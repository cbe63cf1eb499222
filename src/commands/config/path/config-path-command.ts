import { examples, type RegisterVerb } from "../../register-command.js";

/** `config path`. */
export const registerConfigPath: RegisterVerb = (config, dispatch) => {
  config
    .command("path")
    .description("List the config files searched, found and used, in order.")
    .addHelpText("after", examples("licensectl config path", "licensectl config path --json"))
    .action(async () => {
      const { runConfigPath } = await import("./run-config-path.js");
      await dispatch((ctx) => runConfigPath(ctx));
    });
};

import type { Command } from "commander";
import { type Dispatch, examples, type LoadCommand, type Register } from "../register-command.js";

/** `config show | path | init`. */
export const registerConfig: Register = (program, dispatch, command, complete) => {
  const config = program
    .command("config")
    .description("Show where settings come from, and write a user config file.")
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl config path", "licensectl config init"),
    );
  if (!complete) return;

  config
    .command("show")
    .description("Show every resolved setting and where it came from (secrets masked).")
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl --profile staging config show --json"),
    )
    .action(async () => {
      const { runConfigShow } = await command("configShow");
      await dispatch((ctx) => runConfigShow(ctx));
    });

  config
    .command("path")
    .description("List the config files searched, found and used, in order.")
    .addHelpText("after", examples("licensectl config path", "licensectl config path --json"))
    .action(async () => {
      const { runConfigPath } = await command("configPath");
      await dispatch((ctx) => runConfigPath(ctx));
    });

  registerInit(config, dispatch, command);
};

function registerInit(config: Command, dispatch: Dispatch, command: LoadCommand): void {
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
      const { runConfigInit } = await command("configInit");
      await dispatch((ctx) => runConfigInit(ctx, { force: opts.force === true }));
    });
}

import { Argument } from "commander";
import { SHELLS, type Shell } from "../../core/shells.js";
import { examples, type RegisterVerb } from "../register-command.js";

/** `completion bash|zsh|fish`: the script is generated from `program`, the whole tree. */
export const registerCompletion: RegisterVerb = (program, dispatch) => {
  program
    .command("completion")
    .description("Print a shell completion script for bash, zsh or fish.")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      examples(
        "source <(licensectl completion bash)      # add to ~/.bashrc",
        "source <(licensectl completion zsh)       # add to ~/.zshrc, after compinit",
        "licensectl completion fish > ~/.config/fish/completions/licensectl.fish",
      ),
    )
    .action(async (shell: Shell) => {
      const { runCompletion } = await import("./run-completion.js");
      await dispatch((ctx) => runCompletion(ctx, shell, program));
    });
};

import { SHELLS } from "../../core/shells.js";
import { defineVerb, type InputOf, type NoFlags } from "../runtime/verb.js";

const args = [{ name: "shell", help: "bash, zsh or fish", choices: SHELLS }] as const;

export type CompletionInput = InputOf<typeof args, NoFlags>;

/** `completion bash|zsh|fish`: the script is generated from the whole command tree. */
export const completion = defineVerb({
  name: "completion",
  description: "Print a shell completion script for bash, zsh or fish.",
  args,
  needs: "nothing",
  examples: [
    "source <(licensectl completion bash)      # add to ~/.bashrc",
    "source <(licensectl completion zsh)       # add to ~/.zshrc, after compinit",
    "licensectl completion fish > ~/.config/fish/completions/licensectl.fish",
  ],
  run: async (input: CompletionInput) => (await import("./run-completion.js")).runCompletion(input),
});

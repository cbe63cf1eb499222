import { bashScript, completionTree, fishScript, zshScript } from "./completion-script.js";
import type { CompletionInput } from "./verb.js";

/** Print a completion script generated from the command tree itself, so it never drifts from it. */
export async function runCompletion({ out, args: [shell], root }: CompletionInput): Promise<void> {
  const tree = completionTree(root);
  const script = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](tree, root.name());
  out.result(script);
}

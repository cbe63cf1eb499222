import type { Command } from "commander";
import type { Context } from "../../context.js";
import type { Shell } from "../../core/shells.js";
import { bashScript, completionTree, fishScript, zshScript } from "./completion-script.js";

/** Print a completion script generated from the command tree itself, so it never drifts from it. */
export async function runCompletion(ctx: Context, shell: Shell, program: Command): Promise<void> {
  const tree = completionTree(program);
  const script = { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](tree, program.name());
  ctx.out.result(script);
}

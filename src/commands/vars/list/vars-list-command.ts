import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { ListFormat } from "./run-vars-list.js";

const LIST_FORMATS: readonly ListFormat[] = ["table", "json", "env", "tsv"];

/** `vars list` (`vars ls`). */
export const registerVarsList: RegisterVerb = (vars, dispatch, program) => {
  vars
    .command("list")
    .alias("ls")
    .description("List the device's variables, sorted by name.")
    .addOption(
      outputOption(
        LIST_FORMATS,
        "table (default); json (= --json); env: KEY='value' lines for eval; tsv: name<TAB>value rows",
      ),
    )
    .addHelpText(
      "after",
      examples(
        "licensectl vars list",
        "licensectl vars ls --json | jq -r '.[].variable'",
        'eval "$(licensectl vars list --output env)"     # shell variables, safely quoted',
        "licensectl vars list -o tsv | cut -f1           # name<TAB>value, no header",
      ),
    )
    .action(async (opts: { output?: ListFormat }) => {
      applyOutputFlag(program, opts.output);
      const { runVarsList } = await import("./run-vars-list.js");
      await dispatch((ctx) => runVarsList(ctx, { output: opts.output }));
    });
};

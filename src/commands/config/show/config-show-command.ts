import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { ConfigShowFormat } from "./render-config-show.js";

const SHOW_FORMATS: readonly ConfigShowFormat[] = ["table", "json", "tsv", "env"];

/** `config show`. */
export const registerConfigShow: RegisterVerb = (config, dispatch, program) => {
  config
    .command("show")
    .description("Show every resolved setting and where it came from (secrets masked).")
    .addOption(
      outputOption(
        SHOW_FORMATS,
        "table (default); json (= --json); tsv: key<TAB>value<TAB>source; env: the configured settings as LICENSECTL_*='value' lines (no secrets)",
      ),
    )
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl --profile staging config show --json"),
    )
    .action(async (opts: { output?: ConfigShowFormat }) => {
      applyOutputFlag(program, opts.output);
      const { runConfigShow } = await import("./run-config-show.js");
      await dispatch((ctx) => runConfigShow(ctx, { output: opts.output }));
    });
};

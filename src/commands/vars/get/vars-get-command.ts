import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { GetFormat } from "./run-vars-get.js";

const GET_FORMATS: readonly GetFormat[] = ["value", "json", "env", "tsv"];

/** `vars get <KEY...>`. */
export const registerVarsGet: RegisterVerb = (vars, dispatch, program) => {
  vars
    .command("get")
    .description("Print the raw value of each named variable, one per line, for scripts.")
    .argument("<KEY...>", "variable names; values are printed in this order")
    .option("--default <value>", "print this for a variable the device does not have, instead of failing")
    .option("--raw", "print values byte for byte on a terminal too (by default a terminal sees them escaped)")
    .addOption(outputOption(GET_FORMATS))
    .addHelpText(
      "after",
      examples(
        'channel="$(licensectl vars get channel)"',
        'licensectl vars get channel seats --json       # {"channel": …, "seats": …}',
        "licensectl vars get --default stable channel   # exit 0 even if channel is not set",
      ) +
        "\nA variable the device does not have exits 5 (code variable_not_found) unless --default is given.\n",
    )
    .action(async (keys: string[], opts: { default?: string; output?: GetFormat; raw?: boolean }) => {
      applyOutputFlag(program, opts.output);
      const { runVarsGet } = await import("./run-vars-get.js");
      await dispatch((ctx) =>
        runVarsGet(ctx, keys, { defaultValue: opts.default, output: opts.output, raw: opts.raw }),
      );
    });
};

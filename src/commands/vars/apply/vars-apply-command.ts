import { Option } from "commander";
import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { FileFormat } from "../set/read-variables-file.js";
import type { ApplyFormat } from "./run-vars-apply.js";

const APPLY_FORMATS: readonly ApplyFormat[] = ["table", "json"];
const FILE_FORMATS: readonly FileFormat[] = ["json", "dotenv"];

/** `vars apply --file <path>`: registration only; the behaviour is in run-vars-apply.ts. */
export const registerVarsApply: RegisterVerb = (vars, dispatch, program) => {
  vars
    .command("apply")
    .description("Make the device's variables equal a file: set what is new or different, --prune the rest.")
    .requiredOption("--file <path>", "the desired variables: a JSON object or dotenv file; - reads stdin")
    .addOption(
      new Option(
        "--format <format>",
        "format of --file; default: detected ({ or [ → json, else dotenv)",
      ).choices(FILE_FORMATS),
    )
    .option("--string", "dotenv values stay strings (no type inference)")
    .option("--prune", "also delete variables the file does not name (Management API)")
    .option("--dry-run", "print the plan, send nothing; exit 10 when something would change")
    .option("-y, --yes", "delete without asking (needed for --prune without a terminal or with CI=true)")
    .addOption(outputOption(APPLY_FORMATS))
    .addHelpText(
      "after",
      examples(
        "licensectl vars apply --file desired.json --dry-run   # the plan; exit 10 if it has changes",
        "licensectl vars apply --file desired.env               # set what is new or different",
        "licensectl vars apply --file desired.json --prune --yes  # and delete the rest",
      ) +
        '\nA value the server stores as text counts as the same when it stands for the file\'s value ("5.0" for 5,\n' +
        '"True" for true), and nothing is sent for it. Typing follows vars set: JSON keeps its types, dotenv values\n' +
        "are typed like KEY=VALUE. --prune uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY.\n",
    )
    .action(
      async (opts: {
        file: string;
        format?: FileFormat;
        string?: boolean;
        prune?: boolean;
        dryRun?: boolean;
        yes?: boolean;
        output?: ApplyFormat;
      }) => {
        applyOutputFlag(program, opts.output);
        const { runVarsApply } = await import("./run-vars-apply.js");
        const options = {
          file: opts.file,
          format: opts.format,
          stringsOnly: opts.string === true,
          prune: opts.prune === true,
          dryRun: opts.dryRun === true,
          yes: opts.yes === true,
          output: opts.output,
        };
        await dispatch((ctx) => runVarsApply(ctx, options));
      },
    );
};

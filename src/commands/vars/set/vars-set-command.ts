import { Option } from "commander";
import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import { DEFAULT_CONCURRENCY, type FleetFlags, readFleetFlags } from "./fleet/fleet-flags.js";
import type { FileFormat } from "./read-variables-file.js";
import type { SetFormat } from "./run-vars-set.js";

const SET_FORMATS: readonly SetFormat[] = ["table", "json", "env", "tsv"];

const FILE_FORMATS: readonly FileFormat[] = ["json", "dotenv"];

/** `vars set [KEY=VALUE...]`. */
export const registerVarsSet: RegisterVerb = (vars, dispatch, program) => {
  vars
    .command("set")
    .description("Set variables on the device (upsert by name) and print what was stored.")
    .argument("[KEY=VALUE...]", "variables: KEY=VALUE infers the type, KEY:=JSON forces a JSON literal")
    .option("--string", "send every value as a string (no type inference)")
    .option("--file <path>", "also read a JSON or dotenv file; - reads stdin")
    .addOption(
      new Option(
        "--format <format>",
        "format of --file; default: detected ({ or [ → json, else dotenv)",
      ).choices(FILE_FORMATS),
    )
    .option("--dry-run", "show what would change; send nothing")
    .addOption(outputOption(SET_FORMATS))
    .option("--devices <file>", "set on every device listed in a CSV or JSON-lines file")
    .option("--all-devices", "set on every active device of the configured license")
    .option("--all-licenses", "with --all-devices: every license of the product")
    .option("--rate <n>", "many devices: requests/s (default: --budget-share of --plan)")
    .option("--concurrency <n>", `many devices: requests in flight (default ${DEFAULT_CONCURRENCY})`)
    .option("--report <file>", "many devices: append a JSON line per device")
    .option("--resume <report>", "many devices: skip those this report says succeeded")
    .option("-y, --yes", "many devices: no question (needed without a terminal, CI=true)")
    .addHelpText(
      "after",
      examples(
        "licensectl vars set channel=beta seats=5        # string and number",
        "licensectl vars set beta:=true id:='\"007\"'      # JSON literals: boolean and string",
        "licensectl vars set --file .env --dry-run       # dotenv file; preview, send nothing",
        "licensectl vars set channel=beta --devices fleet.csv --report run.jsonl --yes  # then: --resume run.jsonl",
      ) +
        "\nTyping: exactly true/false are booleans; a value that round-trips through Number (5, -2.5, not 007, 1e3\nor 1.0) is a number; anything else is a string. KEY= sends the empty string. dotenv values are typed\nthe same way; JSON values keep their JSON type.\n",
    )
    .action(
      async (
        pairs: string[],
        opts: {
          string?: boolean;
          file?: string;
          format?: FileFormat;
          dryRun?: boolean;
          output?: SetFormat;
        } & FleetFlags,
      ) => {
        applyOutputFlag(program, opts.output);
        const { runVarsSet } = await import("./run-vars-set.js");
        await dispatch((ctx) =>
          runVarsSet(ctx, pairs, {
            stringsOnly: opts.string === true,
            file: opts.file,
            format: opts.format,
            dryRun: opts.dryRun === true,
            output: opts.output,
            fleet: readFleetFlags(opts, opts.dryRun === true),
          }),
        );
      },
    );
};

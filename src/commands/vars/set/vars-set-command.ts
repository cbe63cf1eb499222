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
    .option("--string", "no type inference: every KEY=VALUE (and dotenv value) is sent as a string")
    .option("--file <path>", "also read variables from a JSON object or dotenv file; - reads stdin")
    .addOption(
      new Option(
        "--format <format>",
        "format of --file; default: detected ({ or [ → json, else dotenv)",
      ).choices(FILE_FORMATS),
    )
    .option("--dry-run", "show what would be added, changed or left unchanged; send nothing")
    .addOption(outputOption(SET_FORMATS))
    .option(
      "--devices <file>",
      "set the variables on every device of a CSV (with a header) or JSON-lines file: hardware_id, plus license_key, username, license_id, product",
    )
    .option("--all-devices", "set the variables on every active device of the configured license or product")
    .option(
      "--rate <n>",
      "with --devices/--all-devices: at most n requests a second; default: the API's flood limits (50/s, 200 per 10 s)",
    )
    .option(
      "--concurrency <n>",
      `with --devices/--all-devices: requests in flight at once (default: ${DEFAULT_CONCURRENCY}, or --rate / 4 when more)`,
    )
    .option(
      "--report <file>",
      "with --devices/--all-devices: append one JSON line per device as each finishes",
    )
    .option(
      "--resume <report>",
      "with --devices/--all-devices: skip the devices this report says succeeded (and append to it)",
    )
    .addHelpText(
      "after",
      examples(
        "licensectl vars set channel=beta seats=5        # string and number",
        "licensectl vars set beta:=true id:='\"007\"'      # JSON literals: boolean and string",
        'licensectl vars set --string build=007          # no inference: "007"',
        "licensectl vars set url='https://a/?b=c'        # splits on the first =",
        "licensectl vars set --file .env region=us       # dotenv file; arguments win",
        "echo '{\"seats\": 5}' | licensectl vars set --file -  # JSON on stdin",
        "licensectl vars set --file vars.json --dry-run  # preview, send nothing",
        "licensectl vars set channel=beta --devices fleet.csv --report run.jsonl",
        "licensectl vars set channel=beta --devices fleet.csv --resume run.jsonl   # after Ctrl+C or failures",
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

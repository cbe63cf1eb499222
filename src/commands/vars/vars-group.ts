import { type Command, Option } from "commander";
import { type Dispatch, examples, type LoadCommand, type Register } from "../register-command.js";
import type { ListFormat } from "./list/run-vars-list.js";
import type { FileFormat } from "./set/read-variables-file.js";

const LIST_FORMATS: readonly ListFormat[] = ["table", "json", "env", "tsv"];
const FILE_FORMATS: readonly FileFormat[] = ["json", "dotenv"];

/** `vars set | get | list | unset`. */
export const registerVars: Register = (program, dispatch, command, complete) => {
  const vars = program
    .command("vars")
    .description("Set, get, list and delete the variables of one device.")
    .addHelpText(
      "after",
      examples(
        "licensectl vars set channel=beta",
        "licensectl vars get channel",
        "licensectl vars list",
        "licensectl vars unset channel",
      ),
    );
  if (!complete) return;
  registerSet(vars, dispatch, command);
  registerGet(vars, dispatch, command);
  registerList(vars, dispatch, command, program);
  registerUnset(vars, dispatch, command);
};

function registerSet(vars: Command, dispatch: Dispatch, command: LoadCommand): void {
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
      ) +
        "\nTyping: exactly true/false are booleans; a value that round-trips through Number (5, -2.5, not 007, 1e3\nor 1.0) is a number; anything else is a string. KEY= sends the empty string. dotenv values are typed\nthe same way; JSON values keep their JSON type.\n",
    )
    .action(
      async (
        pairs: string[],
        opts: { string?: boolean; file?: string; format?: FileFormat; dryRun?: boolean },
      ) => {
        const { runVarsSet } = await command("varsSet");
        await dispatch((ctx) =>
          runVarsSet(ctx, pairs, {
            stringsOnly: opts.string === true,
            file: opts.file,
            format: opts.format,
            dryRun: opts.dryRun === true,
          }),
        );
      },
    );
}

function registerGet(vars: Command, dispatch: Dispatch, command: LoadCommand): void {
  vars
    .command("get")
    .description("Print the raw value of each named variable, one per line, for scripts.")
    .argument("<KEY...>", "variable names; values are printed in this order")
    .option("--default <value>", "print this for a variable the device does not have, instead of failing")
    .addHelpText(
      "after",
      examples(
        'channel="$(licensectl vars get channel)"',
        'licensectl vars get channel seats --json       # {"channel": …, "seats": …}',
        "licensectl vars get --default stable channel   # exit 0 even if channel is not set",
      ) +
        "\nA variable the device does not have exits 5 (code variable_not_found) unless --default is given.\n",
    )
    .action(async (keys: string[], opts: { default?: string }) => {
      const { runVarsGet } = await command("varsGet");
      await dispatch((ctx) => runVarsGet(ctx, keys, { defaultValue: opts.default }));
    });
}

function registerList(vars: Command, dispatch: Dispatch, command: LoadCommand, program: Command): void {
  vars
    .command("list")
    .alias("ls")
    .description("List the device's variables, sorted by name.")
    .addOption(
      new Option(
        "-o, --output <format>",
        "table (default); json (= --json); env: KEY='value' lines for eval; tsv: name<TAB>value rows",
      ).choices(LIST_FORMATS),
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
      // --output json is --json: scripts get JSON errors on stderr too.
      if (opts.output === "json") program.setOptionValue("json", true);
      const { runVarsList } = await command("varsList");
      await dispatch((ctx) => runVarsList(ctx, { output: opts.output }));
    });
}

function registerUnset(vars: Command, dispatch: Dispatch, command: LoadCommand): void {
  vars
    .command("unset")
    .description("Delete variables from the device through the Management API and print what was deleted.")
    .argument("<KEY...>", "names of the variables to delete")
    .option("-y, --yes", "delete without asking (needed without a terminal)")
    .option("--ignore-missing", "skip names the device does not have instead of failing")
    .addHelpText(
      "after",
      examples(
        "licensectl vars unset channel seats            # asks first on a terminal",
        "licensectl vars unset channel --yes --json     # scripts: no prompt, JSON result",
        "licensectl vars unset old_flag --ignore-missing --yes --license-id 1002",
      ) +
        "\nThe License API cannot delete, so this uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY (a vendor\n" +
        "back-office key, not the License API key) and, for another deployment, LICENSECTL_MANAGEMENT_URL. The device\n" +
        "is found by hardware ID, and by --license-id (LICENSECTL_LICENSE_ID) when the ID is on several licenses.\n",
    )
    .action(async (names: string[], opts: { yes?: boolean; ignoreMissing?: boolean }) => {
      const { runVarsUnset } = await command("varsUnset");
      const options = { yes: opts.yes === true, ignoreMissing: opts.ignoreMissing === true };
      await dispatch((ctx) => runVarsUnset(ctx, names, options));
    });
}

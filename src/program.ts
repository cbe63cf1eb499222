import { Argument, Command, Option } from "commander";
import type { EmulatorCommandOptions } from "./commands/emulator-options.js";
import type { CommandModules } from "./commands/index.js";
import type { ListFormat } from "./commands/vars/list.js";
import type { SettingKey } from "./config/schema.js";
import type { Context, GlobalOptions } from "./context.js";
import type { FileFormat } from "./input/variables-file.js";
import { SHELLS, type Shell } from "./shells.js";
import { VERSION } from "./version.js";

/** A command's implementation, loaded only when that command runs (see src/commands/index.ts). */
async function command<K extends keyof CommandModules>(
  name: K,
): Promise<Awaited<ReturnType<CommandModules[K]>>> {
  const { commands } = await import("./commands/index.js");
  return (await commands[name]()) as Awaited<ReturnType<CommandModules[K]>>;
}

/** Runs a command with the context built from the global flags; the action module is loaded lazily. */
export type Dispatch = (run: (ctx: Context) => Promise<void>) => Promise<void>;

/** Settings that have a global flag: commander attribute → setting key. */
const SETTING_FLAGS: ReadonlyArray<[string, SettingKey]> = [
  ["apiUrl", "apiUrl"],
  ["product", "product"],
  ["licenseKey", "licenseKey"],
  ["username", "username"],
  ["licenseId", "licenseId"],
  ["hardwareId", "hardwareId"],
  ["verifySignature", "verifySignature"],
  ["timeout", "timeout"],
  ["retries", "retries"],
];

const LIST_FORMATS: readonly ListFormat[] = ["table", "json", "env", "tsv"];
const FILE_FORMATS: readonly FileFormat[] = ["json", "dotenv"];

function addGlobalOptions(program: Command): void {
  program
    .option("--api-url <url>", "License API base URL (env: LICENSECTL_API_URL)")
    .option("--product <code>", "product short code (env: LICENSECTL_PRODUCT)")
    .option("--license-key <key>", "license key, for key-based products (env: LICENSECTL_LICENSE_KEY)")
    .option("--username <email>", "license user's e-mail, for user-based products (env: LICENSECTL_USERNAME)")
    .option("--license-id <id>", "license ID, when a user holds several (env: LICENSECTL_LICENSE_ID)")
    .option(
      "--hardware-id <id>",
      "device hardware ID; default: derived from this machine (env: LICENSECTL_HARDWARE_ID)",
    )
    .option(
      "--no-verify-signature",
      "do not verify LicenseSignature on responses (env: LICENSECTL_VERIFY_SIGNATURE=false)",
    )
    .option(
      "--timeout <ms>",
      "time budget per request, retries included, in milliseconds; default 30000 (env: LICENSECTL_TIMEOUT)",
    )
    .option(
      "--retries <n>",
      "retries after a connection error, timeout, 429, 502, 503 or 504; default 3 (env: LICENSECTL_RETRIES)",
    )
    .option("--profile <name>", "use the named profile from the config file (env: LICENSECTL_PROFILE)")
    .option("--config <path>", "read exactly this config file, no search (env: LICENSECTL_CONFIG)")
    .option("--json", "machine-readable JSON on stdout; errors as JSON on stderr")
    .option("-q, --quiet", "print no informational messages on stderr (errors still)")
    .option("--no-color", "no colour (also NO_COLOR=1; FORCE_COLOR=1 forces it)")
    .option("--no-input", "never prompt; fail instead when an answer is needed")
    .option("--debug", "trace requests, settings sources and stacks on stderr (secrets are never shown)");
}

/** Global flags as typed by the user; settings flags only where the user gave them. */
export function readGlobals(program: Command): GlobalOptions {
  const opts = program.opts<Record<string, unknown>>();
  const settingFlags: Partial<Record<SettingKey, unknown>> = {};
  for (const [attribute, key] of SETTING_FLAGS) {
    if (program.getOptionValueSource(attribute) === "cli") settingFlags[key] = opts[attribute];
  }
  return {
    json: opts.json === true,
    debug: opts.debug === true,
    quiet: opts.quiet === true,
    color: opts.color !== false,
    input: opts.input !== false,
    config: typeof opts.config === "string" ? opts.config : undefined,
    profile: typeof opts.profile === "string" ? opts.profile : undefined,
    settingFlags,
  };
}

function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`;
}

/** Where commander writes help and version; its own error printing is off (cli.ts renders errors). */
export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function buildProgram(dispatch: Dispatch, output: ProgramOutput): Command {
  const program = new Command("licensectl")
    .configureOutput({ ...output, outputError: () => {} })
    .description("Set and inspect LicenseSpring device variables.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .exitOverride();
  addGlobalOptions(program);
  program.addHelpText(
    "after",
    examples(
      "licensectl vars set channel=beta seats=5",
      "licensectl vars get channel",
      "licensectl vars list --json",
      "licensectl vars unset channel --yes",
      "licensectl device id --explain",
      "licensectl emulator --write-config ./.licensectlrc.json",
    ) +
      "\nDocs: README.md. Exit codes: 0 ok, 2 usage, 3 config, 4 auth, 5 API refused, 6 network/server, 7 verification.\n",
  );

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

  const device = program
    .command("device")
    .description("Inspect the device this run talks about.")
    .addHelpText("after", examples("licensectl device id --explain"));

  device
    .command("id")
    .description("Print the hardware ID this run would send.")
    .option(
      "--explain",
      "also say where it came from and, when derived from this machine, how and what to watch",
    )
    .addHelpText(
      "after",
      examples(
        "licensectl device id                       # just the ID, for $(…)",
        "licensectl device id --explain             # source, derivation, warnings",
        "licensectl device id --json | jq .warnings",
      ) +
        "\nThe ID comes from --hardware-id, LICENSECTL_HARDWARE_ID, a profile or config file (hardwareId), else it is\n" +
        "derived from this machine by node-machine-id. No credentials or product are needed.\n",
    )
    .action(async (opts: { explain?: boolean }) => {
      const { runDeviceId } = await command("deviceId");
      await dispatch((ctx) => runDeviceId(ctx, { explain: opts.explain === true }));
    });

  program
    .command("emulator")
    .description(
      "Run a local License API (and Management API) emulator to try licensectl without an account.",
    )
    .addOption(new Option("--host <host>", "address to listen on").default("127.0.0.1"))
    .addOption(new Option("--port <port>", "port; 0 picks a free one").default("0"))
    .option("--seed <file>", "JSON seed that replaces the built-in demo data")
    .option(
      "--write-config <path>",
      "also write a ready licensectl config file (mode 0600) pointing at the emulator",
    )
    .option("--data <file>", "keep the state in this file (mode 0600): loaded at start, saved on every write")
    .option("--latency <ms>", "wait this long before answering each request")
    .option(
      "--fail <fault>",
      "inject a fault, repeatable: <status|reset|stall>@<rate> (503@0.2, reset@10%) or <status|reset|stall>*<count> (503*2)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--fault-seed <n>", "seed the random draws of --fail rates, for a reproducible run")
    .option("--retry-after <s>", "send Retry-After with injected 429 and 503 answers")
    .addHelpText(
      "after",
      examples(
        "licensectl emulator",
        "licensectl emulator --port 8787 --write-config ./.licensectlrc.json",
        "licensectl emulator --data ./emulator-state.json",
        "licensectl emulator --latency 200 --fail 503@0.3 --fail reset@5% --fault-seed 7",
      ),
    )
    .action(async (opts: EmulatorCommandOptions) => {
      const { runEmulator } = await command("emulator");
      await dispatch((ctx) => runEmulator(ctx, opts));
    });

  const config = program
    .command("config")
    .description("Show where settings come from, and write a user config file.")
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl config path", "licensectl config init"),
    );

  config
    .command("show")
    .description("Show every resolved setting and where it came from (secrets masked).")
    .addHelpText(
      "after",
      examples("licensectl config show", "licensectl --profile staging config show --json"),
    )
    .action(async () => {
      const { runConfigShow } = await command("configShow");
      await dispatch((ctx) => runConfigShow(ctx));
    });

  config
    .command("path")
    .description("List the config files searched, found and used, in order.")
    .addHelpText("after", examples("licensectl config path", "licensectl config path --json"))
    .action(async () => {
      const { runConfigPath } = await command("configPath");
      await dispatch((ctx) => runConfigPath(ctx));
    });

  config
    .command("init")
    .description(
      "Write the user config file (mode 0600): asks on a terminal, else takes flags and environment.",
    )
    .option("--force", "replace an existing user config file")
    .addHelpText(
      "after",
      examples(
        "licensectl config init",
        "LICENSECTL_API_KEY=… LICENSECTL_SHARED_KEY=… licensectl config init --product my-app --license-key AAAA-BBBB",
      ),
    )
    .action(async (opts: { force?: boolean }) => {
      const { runConfigInit } = await command("configInit");
      await dispatch((ctx) => runConfigInit(ctx, { force: opts.force === true }));
    });

  program
    .command("doctor")
    .description("Check config, credentials, hardware ID, connectivity, clock and signatures, one line each.")
    .addHelpText("after", examples("licensectl doctor", "licensectl doctor --json"))
    .action(async () => {
      const { runDoctorCommand } = await command("doctor");
      await dispatch((ctx) => runDoctorCommand(ctx));
    });

  program
    .command("completion")
    .description("Print a shell completion script for bash, zsh or fish.")
    .addArgument(new Argument("<shell>", "bash, zsh or fish").choices(SHELLS))
    .addHelpText(
      "after",
      examples(
        "source <(licensectl completion bash)      # add to ~/.bashrc",
        "source <(licensectl completion zsh)       # add to ~/.zshrc, after compinit",
        "licensectl completion fish > ~/.config/fish/completions/licensectl.fish",
      ),
    )
    .action(async (shell: Shell) => {
      const { runCompletion } = await command("completion");
      await dispatch((ctx) => runCompletion(ctx, shell, program));
    });

  return program;
}

import { Option } from "commander";
import { examples, type RegisterVerb } from "../register-command.js";
import type { EmulatorCommandOptions } from "./emulator-options.js";

/** `emulator`. */
export const registerEmulator: RegisterVerb = (program, dispatch) => {
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
    .option("--force", "let --write-config replace an existing file")
    .option("--data <file>", "keep the state in this file (mode 0600): loaded at start, saved on every write")
    .option("--latency <ms>", "wait this long before answering each request")
    .option(
      "--fail <fault>",
      "inject a fault, repeatable: <status|reset|stall>@<rate> (503@0.2, reset@10%) or <status|reset|stall>*<count> (503*2)",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--fault-seed <n>", "seed the random draws of --fail rates, for a reproducible run")
    .option("--retry-after <s>", "send Retry-After with injected 429 and 503 answers")
    .option(
      "--flood-limit <limits>",
      "answer 429 + Retry-After past these limits: N/<window> per credential, ip:N/<window> per IP address, or off; default: the API's 50/1s,ip:200/10s",
    )
    .option(
      "--devices <n>",
      "also generate n devices (same IDs, keys and hardware IDs every run) over licenses FLEET-00001…",
    )
    .option("--licenses <n>", "spread the --devices over n licenses (default: one per 10 devices)")
    .addHelpText(
      "after",
      examples(
        "licensectl emulator",
        "licensectl emulator --port 8787 --write-config ./.licensectlrc.json",
        "licensectl emulator --data ./emulator-state.json",
        "licensectl emulator --latency 200 --fail 503@0.3 --fail reset@5% --fault-seed 7",
        "licensectl emulator --flood-limit 200/1s              # faster than the real API; off: no limits",
        "licensectl emulator --devices 1000 --licenses 10",
      ),
    )
    .action(async (opts: EmulatorCommandOptions) => {
      const { runEmulator } = await import("./run-emulator.js");
      await dispatch((ctx) => runEmulator(ctx, opts));
    });
};

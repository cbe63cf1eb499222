import { defineVerb, type InputOf } from "../../runtime/verb.js";
import { MANY_DEVICES_FLAGS } from "./fleet/fleet-flags.js";

const args = [
  {
    name: "KEY=VALUE",
    optional: true,
    variadic: true,
    help: "variables: KEY=VALUE infers the type, KEY:=JSON forces a JSON literal",
  },
] as const;
const flags = {
  string: { type: "boolean", flags: "--string", help: "send every value as a string (no type inference)" },
  file: { type: "text", flags: "--file <path>", help: "also read a JSON or dotenv file; - reads stdin" },
  format: {
    type: "text",
    flags: "--format <format>",
    help: "format of --file; default: detected ({ or [ → json, else dotenv)",
    choices: ["json", "dotenv"],
  },
  dryRun: { type: "boolean", flags: "--dry-run", help: "show what would change; send nothing" },
  ...MANY_DEVICES_FLAGS,
} as const;
const formats = ["table", "json", "env", "tsv"] as const;

export type VarsSetInput = InputOf<typeof args, typeof flags, (typeof formats)[number]>;

/** `vars set [KEY=VALUE...]`: on the configured device, or on many with --devices / --all-devices. */
export const varsSet = defineVerb({
  name: "set",
  description: "Set variables on the device (upsert by name) and print what was stored.",
  args,
  flags,
  output: { formats },
  needs: "device",
  examples: [
    "licensectl vars set channel=beta seats=5        # string and number",
    "licensectl vars set beta:=true id:='\"007\"'      # JSON: boolean, string",
    "licensectl vars set --file .env region=us       # dotenv file; arguments win",
    "echo '{\"seats\": 5}' | licensectl vars set --file -  # JSON on stdin",
    "licensectl vars set --file vars.json --dry-run  # preview, send nothing",
    "licensectl vars set channel=beta --devices fleet.csv --report run.jsonl",
  ],
  notes:
    "Typing: exactly true/false are booleans; a value that round-trips through Number (5, -2.5; not 007,\n" +
    "1e3, 1.0) is a number; else a string (KEY= sends the empty string). dotenv values are typed the same;\n" +
    "JSON values keep their JSON type.",
  run: async (input: VarsSetInput) => (await import("./run-vars-set.js")).runVarsSet(input),
});

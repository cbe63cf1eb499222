import { defineVerb, type InputOf } from "../../runtime/verb.js";
import { MANY_DEVICES_FLAGS } from "../set/fleet/fleet-flags.js";

// The many-devices flags of vars set (their help says "set"; the run is the same machinery). --yes is apply's own.
const { yes: _setYes, ...manyDevices } = MANY_DEVICES_FLAGS;

const flags = {
  file: {
    type: "text",
    flags: "--file <path>",
    help: "the desired variables: a JSON object or dotenv file; - reads stdin",
    required: true,
  },
  format: {
    type: "text",
    flags: "--format <format>",
    help: "format of --file; default: detected ({ or [ → json, else dotenv)",
    choices: ["json", "dotenv"],
  },
  string: { type: "boolean", flags: "--string", help: "dotenv values stay strings (no type inference)" },
  prune: {
    type: "boolean",
    flags: "--prune",
    help: "also delete variables the file does not name (Management API)",
  },
  dryRun: {
    type: "boolean",
    flags: "--dry-run",
    help: "print the plan, send nothing; exit 10 when something would change",
  },
  yes: {
    type: "boolean",
    flags: "-y, --yes",
    help: "no question before deleting or writing to many devices (needed without a terminal, CI=true)",
  },
  ...manyDevices,
} as const;
const formats = ["table", "json"] as const;

export type VarsApplyInput = InputOf<[], typeof flags, (typeof formats)[number]>;

/** `vars apply --file <path>`: make the device's variables equal a file. */
export const varsApply = defineVerb({
  name: "apply",
  description: "Make the device's variables equal a file: set what is new or different, --prune the rest.",
  flags,
  output: { formats },
  needs: "device",
  examples: [
    "licensectl vars apply --file desired.json --dry-run   # the plan; exit 10 if it has changes",
    "licensectl vars apply --file desired.env               # set what is new or different",
    "licensectl vars apply --file desired.json --prune --yes  # and delete the rest",
    "licensectl vars apply --file desired.json --devices fleet.csv --prune --dry-run",
    "licensectl vars apply --file desired.json --all-devices --yes --report run.jsonl",
  ],
  notes:
    'A value the server stores as text counts as the same when it stands for the file\'s value ("5.0" for 5,\n' +
    '"True" for true), and nothing is sent for it. Typing follows vars set: JSON keeps its types, dotenv values\n' +
    "are typed like KEY=VALUE. --prune uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY.\n" +
    "With --devices FILE or --all-devices, every device is read and planned first (the plan shows each device's\n" +
    "counts), then each device with changes is written at the budget's pace, asking first. Every run is\n" +
    "journalled: licensectl undo ID reverses it (a pruned variable is recreated, an added one deleted).",
  run: async (input: VarsApplyInput) => (await import("./run-vars-apply.js")).runVarsApply(input),
});

import { defineVerb, type InputOf } from "../../runtime/verb.js";
import { MANY_DEVICES_FLAGS } from "../set/fleet/fleet-flags.js";

// The many-devices flags of vars set (the run is the same machinery), worded for apply; --yes is apply's own.
const { yes: _setYes, ...manyDevices } = MANY_DEVICES_FLAGS;
const many = {
  ...manyDevices,
  devices: { ...manyDevices.devices, help: "every device named in a CSV or JSON-lines file" },
  allDevices: { ...manyDevices.allDevices, help: "every active device of the configured license" },
  rate: { ...manyDevices.rate, help: "requests/s (default: --budget-share of --plan)" },
} as const;

const flags = {
  file: {
    type: "text",
    flags: "--file <path>",
    help: "the variables wanted: JSON object or dotenv; - is stdin",
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
    help: "delete what the file does not name (Management API)",
  },
  dryRun: {
    type: "boolean",
    flags: "--dry-run",
    help: "the plan only; exit 10 when something would change",
  },
  yes: {
    type: "boolean",
    flags: "-y, --yes",
    help: "no question (needed without a terminal, CI=true)",
  },
  ...many,
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
    "licensectl vars apply --file desired.json --dry-run     # exit 10 on changes",
    "licensectl vars apply --file desired.env                # set what differs",
    "licensectl vars apply --file desired.json --prune --yes # delete the rest",
    "licensectl vars apply --file desired.json --all-devices --prune --dry-run",
  ],
  notes:
    'A value the server stores as text counts as the same when it stands for the file\'s value ("5.0" for 5,\n' +
    '"True" for true), and nothing is sent for it. Typing follows vars set: JSON keeps its types, dotenv values\n' +
    "are typed like KEY=VALUE. --prune uses the Management API: set LICENSECTL_MANAGEMENT_API_KEY.\n" +
    "Many devices: each is read and planned first, then written at the budget's pace. undo ID reverses a run.",
  run: async (input: VarsApplyInput) => (await import("./run-vars-apply.js")).runVarsApply(input),
});

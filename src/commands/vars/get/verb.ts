import { defineVerb, type InputOf } from "../../runtime/verb.js";

const args = [
  { name: "KEY", variadic: true, help: "variable names; values are printed in this order" },
] as const;
const flags = {
  default: {
    type: "text",
    flags: "--default <value>",
    help: "print this for a variable the device does not have, instead of failing",
  },
  raw: {
    type: "boolean",
    flags: "--raw",
    help: "print values byte for byte on a terminal too (by default a terminal sees them escaped)",
  },
} as const;
const formats = ["value", "json", "env", "tsv"] as const;

export type VarsGetInput = InputOf<typeof args, typeof flags, (typeof formats)[number]>;

/** `vars get <KEY...>`. */
export const varsGet = defineVerb({
  name: "get",
  description: "Print the raw value of each named variable, one per line, for scripts.",
  args,
  flags,
  output: { formats },
  needs: "device",
  examples: [
    'channel="$(licensectl vars get channel)"',
    'licensectl vars get channel seats --json    # {"channel": …, "seats": …}',
    "licensectl vars get --default stable channel # exit 0 if channel is unset",
  ],
  notes: "A variable the device does not have exits 5 (code variable_not_found) unless --default is given.",
  run: async (input: VarsGetInput) => (await import("./run-vars-get.js")).runVarsGet(input),
});

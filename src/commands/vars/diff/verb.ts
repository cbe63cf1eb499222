import { defineVerb, type InputOf, type NoFlags } from "../../runtime/verb.js";

const args = [
  { name: "hwid-a", help: "hardware ID of the first device (A)" },
  { name: "hwid-b", help: "hardware ID of the second device (B)" },
] as const;

export type VarsDiffInput = InputOf<typeof args, NoFlags>;

/** `vars diff <hardware-id-a> <hardware-id-b>`. */
export const varsDiff = defineVerb({
  name: "diff",
  description: "Compare the variables of two devices of the configured license, side by side.",
  args,
  needs: "device",
  examples: [
    "licensectl vars diff HWID_OLD HWID_NEW",
    "licensectl vars diff HWID_OLD HWID_NEW --json | jq '.changed'",
  ],
  notes:
    "Added: on B only; removed: on A only; changed: on both with other values; values compare as text.\n" +
    "Both devices are read with the License API (same product and license settings). Exits 0 whether or not\n" +
    "they differ; scripts test the JSON, e.g. jq -e '.added + .removed + .changed | length == 0'.",
  run: async (input: VarsDiffInput) => (await import("./run-vars-diff.js")).runVarsDiff(input),
});

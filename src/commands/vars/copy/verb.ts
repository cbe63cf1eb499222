import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  from: { type: "text", flags: "--from <hardware-id>", help: "the device to copy from", required: true },
  to: { type: "text", flags: "--to <hardware-id>", help: "the device to copy to", required: true },
  dryRun: {
    type: "boolean",
    flags: "--dry-run",
    help: "show what would be added, changed or left unchanged on --to; send nothing",
  },
} as const;

export type VarsCopyInput = InputOf<[], typeof flags>;

/** `vars copy --from <hwid> --to <hwid>`. */
export const varsCopy = defineVerb({
  name: "copy",
  description: "Copy every variable of one device to another of the configured license (new hardware).",
  flags,
  needs: "device",
  examples: [
    "licensectl vars copy --from HWID_OLD --to HWID_NEW --dry-run",
    "licensectl vars copy --from HWID_OLD --to HWID_NEW --json",
  ],
  notes:
    "Both devices are read and written with the License API (same product and license settings). Variables\n" +
    "only on --to are kept (remove them with vars unset). The written values are checked against the answer.",
  run: async (input: VarsCopyInput) => (await import("./run-vars-copy.js")).runVarsCopy(input),
});

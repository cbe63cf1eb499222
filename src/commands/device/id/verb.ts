import { defineVerb, type InputOf } from "../../runtime/verb.js";

const flags = {
  explain: {
    type: "boolean",
    flags: "--explain",
    help: "also say where it came from and, when derived from this machine, how and what to watch",
  },
} as const;
const formats = ["value", "json", "env"] as const;

export type DeviceIdInput = InputOf<[], typeof flags, (typeof formats)[number]>;

/** `device id`. */
export const deviceId = defineVerb({
  name: "id",
  description: "Print the hardware ID this run would send.",
  flags,
  output: {
    formats,
    help: "value: the ID alone (default); json (= --json); env: LICENSECTL_HARDWARE_ID='…'",
  },
  needs: "nothing",
  examples: [
    "licensectl device id                       # just the ID, for $(…)",
    "licensectl device id --explain             # source, derivation, warnings",
    "licensectl device id --json | jq .warnings",
  ],
  notes:
    "The ID comes from --hardware-id, LICENSECTL_HARDWARE_ID, a profile or config file (hardwareId), else it is\n" +
    "derived from this machine by LicenseSpring's SDK rule (verified on Linux only), or by node-machine-id with\n" +
    "--hardware-id-method node-machine-id. No credentials or product are needed.",
  run: async (input: DeviceIdInput) => (await import("./run-device-id.js")).runDeviceId(input),
});

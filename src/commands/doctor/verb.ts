import { defineVerb, type InputOf, type NoFlags } from "../runtime/verb.js";

const formats = ["table", "json"] as const;

export type DoctorInput = InputOf<[], NoFlags, (typeof formats)[number]>;

/** `doctor`. */
export const doctor = defineVerb({
  name: "doctor",
  description:
    "Check config, license, hardware ID, device, network, clock and signatures; fail as vars list would.",
  output: { formats },
  needs: "nothing",
  examples: ["licensectl doctor", "licensectl doctor --json"],
  run: async (input: DoctorInput) => (await import("./run-doctor.js")).runDoctorCommand(input),
});

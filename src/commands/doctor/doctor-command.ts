import { applyOutputFlag, outputOption } from "../output-option.js";
import { examples, type RegisterVerb } from "../register-command.js";

/** `doctor`. */
export const registerDoctor: RegisterVerb = (parent, dispatch, program) => {
  parent
    .command("doctor")
    .description(
      "Check config, license, hardware ID, device, network, clock and signatures; fail as vars list would.",
    )
    .addOption(outputOption(["table", "json"]))
    .addHelpText("after", examples("licensectl doctor", "licensectl doctor --json"))
    .action(async (opts: { output?: "table" | "json" }) => {
      applyOutputFlag(program, opts.output);
      const { runDoctorCommand } = await import("./run-doctor.js");
      await dispatch((ctx) => runDoctorCommand(ctx));
    });
};

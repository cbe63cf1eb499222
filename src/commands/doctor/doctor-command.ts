import { applyOutputFlag, outputOption } from "../output-option.js";
import { examples, type RegisterVerb } from "../register-command.js";

/** `doctor`. */
export const registerDoctor: RegisterVerb = (parent, dispatch, program) => {
  parent
    .command("doctor")
    .description("Check config, credentials, hardware ID, connectivity, clock and signatures, one line each.")
    .addOption(outputOption(["table", "json"]))
    .addHelpText("after", examples("licensectl doctor", "licensectl doctor --json"))
    .action(async (opts: { output?: "table" | "json" }) => {
      applyOutputFlag(program, opts.output);
      const { runDoctorCommand } = await import("./run-doctor.js");
      await dispatch((ctx) => runDoctorCommand(ctx));
    });
};

import { examples, type RegisterVerb } from "../register-command.js";

/** `doctor`. */
export const registerDoctor: RegisterVerb = (program, dispatch) => {
  program
    .command("doctor")
    .description("Check config, credentials, hardware ID, connectivity, clock and signatures, one line each.")
    .addHelpText("after", examples("licensectl doctor", "licensectl doctor --json"))
    .action(async () => {
      const { runDoctorCommand } = await import("./run-doctor.js");
      await dispatch((ctx) => runDoctorCommand(ctx));
    });
};

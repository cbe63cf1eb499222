import { examples, type Register } from "../register-command.js";

/** `doctor`. */
export const registerDoctor: Register = (program, dispatch, command) => {
  program
    .command("doctor")
    .description("Check config, credentials, hardware ID, connectivity, clock and signatures, one line each.")
    .addHelpText("after", examples("licensectl doctor", "licensectl doctor --json"))
    .action(async () => {
      const { runDoctorCommand } = await command("doctor");
      await dispatch((ctx) => runDoctorCommand(ctx));
    });
};

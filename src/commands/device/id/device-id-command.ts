import { applyOutputFlag, outputOption } from "../../output-option.js";
import { examples, type RegisterVerb } from "../../register-command.js";
import type { DeviceIdFormat } from "./run-device-id.js";

const ID_FORMATS: readonly DeviceIdFormat[] = ["value", "json", "env"];

/** `device id`. */
export const registerDeviceId: RegisterVerb = (device, dispatch, program) => {
  device
    .command("id")
    .description("Print the hardware ID this run would send.")
    .option(
      "--explain",
      "also say where it came from and, when derived from this machine, how and what to watch",
    )
    .addOption(
      outputOption(
        ID_FORMATS,
        "value: the ID alone (default); json (= --json); env: LICENSECTL_HARDWARE_ID='…'",
      ),
    )
    .addHelpText(
      "after",
      examples(
        "licensectl device id                       # just the ID, for $(…)",
        "licensectl device id --explain             # source, derivation, warnings",
        "licensectl device id --json | jq .warnings",
      ) +
        "\nThe ID comes from --hardware-id, LICENSECTL_HARDWARE_ID, a profile or config file (hardwareId), else it is\n" +
        "derived from this machine by LicenseSpring's SDK rule (verified on Linux only), or by node-machine-id with\n" +
        "--hardware-id-method node-machine-id. No credentials or product are needed.\n",
    )
    .action(async (opts: { explain?: boolean; output?: DeviceIdFormat }) => {
      applyOutputFlag(program, opts.output);
      const { runDeviceId } = await import("./run-device-id.js");
      await dispatch((ctx) => runDeviceId(ctx, { explain: opts.explain === true, output: opts.output }));
    });
};

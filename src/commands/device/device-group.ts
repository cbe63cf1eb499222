import type { CommandGroup } from "../register-command.js";
import { registerDeviceId } from "./id/device-id-command.js";

/** `device id`. */
export const DEVICE_GROUP: CommandGroup = {
  name: "device",
  description: "Inspect the device this run talks about.",
  examples: ["licensectl device id --explain"],
  verbs: [registerDeviceId],
};

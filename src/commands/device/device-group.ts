import type { Group } from "../runtime/verb.js";
import { deviceId } from "./id/verb.js";

/** `device id`. */
export const DEVICE_GROUP: Group = {
  name: "device",
  description: "Inspect the device this run talks about.",
  examples: ["licensectl device id --explain"],
  verbs: [deviceId],
};

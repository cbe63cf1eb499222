import type { Group } from "../runtime/verb.js";
import { devicesList } from "./list/verb.js";

/** `devices list`: the devices of a license, a product or a hardware ID, through the Management API. */
export const DEVICES_GROUP: Group = {
  name: "devices",
  description: "Find the devices of a license, a product or a hardware ID (Management API).",
  examples: ["licensectl devices list --license-key KEY", "licensectl devices list --hardware-id ID --json"],
  verbs: [devicesList],
};

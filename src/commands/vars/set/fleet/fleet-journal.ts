import type { LicenseApi } from "../../../../api/client.js";
import { getDeviceVariables } from "../../../../api/device-variables.js";
import type { ListedDevice } from "../../../../api/management-device-listing.js";
import { journalDevice } from "../../../../journal/device-journal.js";
import { type RunJournal, UNKNOWN, valueIn } from "../../../../journal/run-journal.js";
import type { Variables, VariableValue } from "../../../../variables/variable-args.js";
import type { DeviceHooks } from "./fleet-dispatch.js";
import { type FleetTarget, toDeviceTarget } from "./fleet-target.js";

/**
 * The journal's part of a run over many devices: the values before, from the listing where it holds them,
 * else one read per device (through the same limiter, so it counts against the budget); then, once the
 * write's answer is in, one journal line per variable. Without `readBefore` (--no-journal) nothing is read
 * and the values before are recorded as unknown: those changes cannot be undone.
 */
export function journalHooks(
  api: LicenseApi,
  variables: Variables,
  journal: RunJournal,
  listed: ReadonlyMap<FleetTarget, ListedDevice> | undefined,
  readBefore: boolean,
): DeviceHooks {
  const before = new Map<FleetTarget, ReadonlyMap<string, VariableValue>>();
  return {
    async before(target) {
      if (!readBefore) return;
      const fromListing = listed?.get(target)?.variables;
      if (fromListing) {
        before.set(target, fromListing);
        return;
      }
      const read = await getDeviceVariables(api, toDeviceTarget(target));
      before.set(target, new Map(read.map((item) => [item.variable, item.value])));
    },
    after(target, tracked) {
      const values = before.get(target);
      before.delete(target);
      const deviceId = tracked?.[0]?.device_id ?? listed?.get(target)?.id;
      for (const [name, value] of Object.entries(variables)) {
        journal.record({
          device: journalDevice(toDeviceTarget(target), deviceId ?? target.device_id),
          variable: name,
          before: values ? valueIn(values, name) : UNKNOWN,
          after: { state: "value", value },
          outcome: tracked ? "written" : "failed",
        });
      }
    },
  };
}

import type { LicenseApi } from "../../../api/client.js";
import { type DeviceTarget, trackDeviceVariables } from "../../../api/device-variables.js";
import type { ManagementApi } from "../../../api/management.js";
import { listDeviceVariables } from "../../../api/management-devices.js";
import { CliError } from "../../../core/cli-error.js";
import { journalDevice } from "../../../journal/device-journal.js";
import type { JournalValue, RunJournal } from "../../../journal/run-journal.js";
import { type ApplyStep, variablesToRemove, variablesToSend } from "../../../variables/apply-plan.js";
import { applyUnset } from "../unset/unset-plan.js";

const journalValue = (value: ApplyStep["old_value"]): JournalValue =>
  value === null ? { state: "absent" } : { state: "value", value };

/**
 * Carry out one device's plan, journalled: one track request with what is new or different (each variable a
 * journal line, its value before from the read the plan came from), then with `prune` each removal through the
 * Management API (a journal line each: undo writes the old value back). `knownDeviceId` is what the read the
 * plan came from gave: a plan removes only variables that read found, and each of those names its device.
 * A failure is recorded as failed in the journal and thrown.
 */
export async function applyPlanToDevice(
  api: LicenseApi,
  target: DeviceTarget,
  plan: readonly ApplyStep[],
  journal: RunJournal,
  prune: ManagementApi | undefined,
  knownDeviceId: number | undefined,
): Promise<void> {
  let deviceId = knownDeviceId ?? target.deviceId;
  const send = variablesToSend(plan);
  const sets = plan.filter((s) => s.action === "add" || s.action === "change");
  if (sets.length > 0) {
    let ok = false;
    try {
      const tracked = await trackDeviceVariables(api, target, send);
      deviceId = tracked[0]?.device_id ?? deviceId;
      ok = true;
    } finally {
      const device = journalDevice(target, deviceId);
      for (const step of sets) {
        journal.record({
          device,
          variable: step.variable,
          before: journalValue(step.old_value),
          after: journalValue(step.new_value),
          outcome: ok ? "written" : "failed",
        });
      }
    }
  }
  const removals = variablesToRemove(plan);
  if (!prune || removals.length === 0) return;
  const sent = sets.length;
  const recordRemoval = (step: ApplyStep, outcome: "written" | "failed") =>
    journal.record({
      device: journalDevice(target, deviceId),
      variable: step.variable,
      before: journalValue(step.old_value),
      after: { state: "absent" },
      outcome,
    });
  const steps = plan.filter((s) => s.action === "remove");
  const deleted = new Set<string>();
  try {
    if (deviceId === undefined) {
      throw new CliError("api", "The device's ID is not known, so its variables cannot be deleted.", {
        code: "device_id_unknown",
        hint: "Run vars unset on that device, or apply again once it has variables.",
      });
    }
    const listed = await listDeviceVariables(prune, deviceId);
    const wanted = new Set(removals);
    const targets = listed.filter((v) => wanted.has(v.variable));
    await applyUnset(prune, { targets }, (v) => {
      deleted.add(v.variable);
    });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    throw new CliError(
      error.kind,
      `${sent > 0 ? `The ${sent} new or changed variable${sent === 1 ? " was" : "s were"} set; then ` : ""}${error.message.replace(/ To finish.*$/, "")}`,
      {
        code: error.code,
        status: error.status,
        hint: "Run the same vars apply again: what already matches the file is left alone, so only the rest is done.",
        cause: error,
      },
    );
  } finally {
    // Only a deletion the API confirmed is written; one not tried (or gone already) is recorded as failed.
    for (const step of steps) recordRemoval(step, deleted.has(step.variable) ? "written" : "failed");
  }
}

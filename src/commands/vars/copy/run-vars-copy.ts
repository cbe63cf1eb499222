import { getDeviceVariables } from "../../../api/device-variables.js";
import { usageError } from "../../../core/cli-error.js";
import { journalledTrack } from "../../../journal/device-journal.js";
import { renderVariables } from "../../../output/variables-table.js";
import { planChanges } from "../../../variables/change-plan.js";
import { toVariablesObject, type VariableValue } from "../../../variables/variable-args.js";
import { renderPlan } from "../set/render-plan.js";
import type { VarsCopyInput } from "./verb.js";

/** Read --from, then show the plan for --to (dry run) or write it with track_device_variables and check it. */
export async function runVarsCopy({ ctx, out, flags: options, device }: VarsCopyInput): Promise<void> {
  const { from, to } = options;
  if (from === "" || to === "") throw usageError("--from and --to need a hardware ID each.");
  if (from === to) {
    throw usageError(
      "--from and --to name the same hardware ID: there is nothing to copy.",
      "Pass the old device's hardware ID to --from and the new one's to --to (see `licensectl devices list`).",
    );
  }
  const session = await device();
  // Each side's client words its hints with the ID it sends and its flag, never this machine's ID.
  const fromResolved = { value: from, source: { type: "flag", name: "--from" } } as const;
  const toResolved = { value: to, source: { type: "flag", name: "--to" } } as const;
  const source = session.forDevice(fromResolved);
  const target = session.forDevice(toResolved);
  const copied = new Map<string, VariableValue>(
    (await getDeviceVariables(source.api, source.target)).map((v) => [v.variable, v.value]),
  );
  if (options.dryRun) {
    renderPlan(out, planChanges(await getDeviceVariables(target.api, target.target), copied), toResolved);
    return;
  }
  if (copied.size === 0) {
    out.info(`The device ${from} (--from) has no variables: nothing was copied.`);
    if (out.json) out.result("[]");
    return;
  }
  const tracked = await journalledTrack(
    ctx,
    target.api,
    target.target,
    toVariablesObject(copied),
    session.settings.journal?.value !== false,
    { command: "vars copy", device: to, done: (count) => `${count} copied from ${from}` },
    "copy",
  );
  renderVariables(out, {
    variables: tracked,
    hardwareId: toResolved,
    // Both sides in the short form, so the caption names the destination too at 80 columns.
    heading: `Copied ${tracked.length} variable${tracked.length === 1 ? "" : "s"} from ${out.hardwareIdLabel(fromResolved)}; now`,
    emptyMessage: "The server tracked no variables.",
  });
}

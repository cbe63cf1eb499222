import type { LicenseApi } from "../api/client.js";
import {
  type DeviceTarget,
  type DeviceVariable,
  getDeviceVariables,
  trackDeviceVariables,
} from "../api/device-variables.js";
import { failureOutcome, stepSummaryWanted, summarizeWrite } from "../output/github-actions-summary.js";
import type { Output } from "../output/output.js";
import { toVariablesObject, type VariableValue } from "../variables/variable-args.js";

/** What a summarized write reports: the command, the hardware ID written to, and how a success is worded. */
export interface WriteSummaryLabel {
  readonly command: string;
  readonly device: string;
  readonly done: (tracked: number) => string;
}

/**
 * One `track_device_variables` write of `variables` to one device. In GitHub Actions it also appends the step
 * summary (each value before → after, or the failure): the values before cost one read, made only there.
 */
export async function trackSummarized(
  env: Readonly<Record<string, string | undefined>>,
  out: Output,
  device: { readonly api: LicenseApi; readonly target: DeviceTarget },
  variables: ReadonlyMap<string, VariableValue>,
  label: WriteSummaryLabel,
): Promise<DeviceVariable[]> {
  if (!stepSummaryWanted(env))
    return trackDeviceVariables(device.api, device.target, toVariablesObject(variables));
  const before = new Map<string, VariableValue>();
  const rows = (after: ReadonlyMap<string, VariableValue>) =>
    [...variables.keys()].map((variable) => ({
      variable,
      before: before.get(variable) ?? null,
      after: after.get(variable) ?? null,
    }));
  const summary = { command: label.command, device: label.device };
  let tracked: DeviceVariable[];
  try {
    for (const v of await getDeviceVariables(device.api, device.target)) before.set(v.variable, v.value);
    tracked = await trackDeviceVariables(device.api, device.target, toVariablesObject(variables));
  } catch (error) {
    summarizeWrite(env, out, {
      ...summary,
      changes: rows(variables),
      outcome: failureOutcome(error),
      failed: true,
    });
    throw error;
  }
  const stored = new Map(tracked.map((v) => [v.variable, v.value]));
  summarizeWrite(env, out, {
    ...summary,
    changes: rows(stored),
    outcome: label.done(tracked.length),
    failed: false,
  });
  return tracked;
}

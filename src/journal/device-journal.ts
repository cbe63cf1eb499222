import type { LicenseApi } from "../api/client.js";
import {
  type DeviceTarget,
  type DeviceVariable,
  getDeviceVariables,
  identityFields,
  trackDeviceVariables,
} from "../api/device-variables.js";
import type { Context } from "../context.js";
import { failureOutcome, stepSummaryWanted, summarizeWrite } from "../output/github-actions-summary.js";
import type { Variables, VariableValue } from "../variables/variable-args.js";
import type { JournalDevice } from "./journal-store.js";
import { startRunJournal, UNKNOWN, valueIn } from "./run-journal.js";

/** The journal's name for a device of the License API, with the device ID once an answer gave it. */
export function journalDevice(target: DeviceTarget, deviceId?: number): JournalDevice {
  return { ...identityFields(target), ...(deviceId !== undefined ? { device_id: deviceId } : {}) };
}

/**
 * `vars set` on one device, journalled: the values before read first (one request; none with --no-journal,
 * when they are recorded as unknown and cannot be undone), then the write, then one journal line per variable.
 */
export async function journalledTrack(
  ctx: Context,
  api: LicenseApi,
  target: DeviceTarget,
  variables: Variables,
  readBefore: boolean,
  summary: WriteSummaryLabel,
  action = "set",
): Promise<DeviceVariable[]> {
  // In GitHub Actions the step summary shows each value before → after: the same one read serves both.
  const summarized = stepSummaryWanted(ctx.io.env);
  let before: Map<string, VariableValue> | undefined;
  if (readBefore || summarized) {
    try {
      before = new Map((await getDeviceVariables(api, target)).map((v) => [v.variable, v.value]));
    } catch (error) {
      // A read that fails fails the step as a write would: the summary says so (nothing was written).
      if (summarized) summarize(ctx, summary, undefined, variables, undefined, failureOutcome(error));
      throw error;
    }
  }
  const journal = startRunJournal(ctx, action);
  let tracked: DeviceVariable[] | undefined;
  try {
    tracked = await trackDeviceVariables(api, target, variables);
    return tracked;
  } catch (error) {
    if (summarized) summarize(ctx, summary, before, variables, undefined, failureOutcome(error));
    throw error;
  } finally {
    const device = journalDevice(target, tracked?.[0]?.device_id);
    for (const [name, value] of Object.entries(variables)) {
      journal.record({
        device,
        variable: name,
        before: before && readBefore ? valueIn(before, name) : UNKNOWN,
        after: { state: "value", value },
        outcome: tracked ? "written" : "failed",
      });
    }
    journal.end(tracked ? "ok" : "failed");
    if (summarized && tracked)
      summarize(ctx, summary, before, variables, tracked, summary.done(tracked.length));
    if (!readBefore && tracked)
      ctx.out.info(
        `Journal: run ${journal.id}, without the values before (--no-journal): it cannot be undone.`,
      );
  }
}

/** What the step summary of one write says: the command, the hardware ID written to, a success's words. */
export interface WriteSummaryLabel {
  readonly command: string;
  readonly device: string;
  readonly done: (tracked: number) => string;
}

function summarize(
  ctx: Context,
  label: WriteSummaryLabel,
  before: ReadonlyMap<string, VariableValue> | undefined,
  variables: Variables,
  tracked: readonly DeviceVariable[] | undefined,
  outcome: string,
): void {
  const after = tracked ? new Map(tracked.map((v) => [v.variable, v.value])) : undefined;
  summarizeWrite(ctx.io.env, ctx.out, {
    command: label.command,
    device: label.device,
    changes: Object.entries(variables).map(([variable, sent]) => ({
      variable,
      before: before?.get(variable) ?? null,
      after: after ? (after.get(variable) ?? null) : sent,
    })),
    outcome,
    failed: tracked === undefined,
  });
}

import { createRateLimiter } from "../../../../api/rate-limiter.js";
import type { ResolvedSettings } from "../../../../config/resolve.js";
import type { Context } from "../../../../context.js";
import { usageError } from "../../../../core/cli-error.js";
import { PER_CREDENTIAL_LIMIT, PER_IP_LIMIT, type WindowLimit } from "../../../../core/window-limits.js";
import { selectAuthMode } from "../../../../sessions/auth-mode.js";
import { openLicenseApi } from "../../../../sessions/device-session.js";
import { pickLicense } from "../../../../sessions/device-target.js";
import { loadSettings } from "../../../../sessions/load-settings.js";
import { type OpenedManagementApi, openManagementApi } from "../../../../sessions/management-session.js";
import {
  toVariablesObject,
  type Variables,
  type VariableValue,
} from "../../../../variables/variable-args.js";
import { findAllDevices } from "./find-all-devices.js";
import { countingGate, dispatchFleet } from "./fleet-dispatch.js";
import { type CheckedFleetFlags, finishRun, recordOutcome } from "./fleet-outcomes.js";
import { startProgress } from "./fleet-progress.js";
import { openReport, readResumePoint } from "./fleet-report.js";
import { createTally } from "./fleet-summary.js";
import { type FleetTarget, targetKey, variablesDigest } from "./fleet-target.js";
import { readDevicesFile } from "./read-devices-file.js";
import { renderFleetPlan } from "./render-fleet-plan.js";
import type { TargetDefaults } from "./validate-device-rows.js";

export type { CheckedFleetFlags } from "./fleet-outcomes.js";

/**
 * `vars set … --devices FILE | --all-devices`: the same variables on every device, under one rate limiter.
 * Input is checked whole first (variables, devices file, report to resume); then a dry run shows the plan,
 * or the run dispatches, reporting each device as it finishes.
 */
export async function runFleet(
  ctx: Context,
  collected: ReadonlyMap<string, VariableValue>,
  options: CheckedFleetFlags,
): Promise<void> {
  const variables = toVariablesObject(new Map(collected));
  // --all-devices needs the Management API; opening it loads the settings (once: warnings are not repeated).
  const management = options.devicesFile === undefined ? openManagementApi(ctx) : undefined;
  const settings = management?.settings ?? loadSettings(ctx).settings;
  const defaults = targetDefaults(settings);
  const limits =
    options.rate === undefined
      ? [PER_CREDENTIAL_LIMIT, PER_IP_LIMIT]
      : [{ requests: options.rate, windowMs: 1_000 }];
  const all = options.devicesFile
    ? await readDevicesFile(ctx, options.devicesFile, defaults)
    : await findAllDevices(ctx, (management as OpenedManagementApi).api, settings, defaults);
  const { targets, skipped } = await skipSucceeded(ctx, all, variables, options.resume);
  if (options.dryRun) {
    renderFleetPlan(ctx.out, { targets, variables, skipped, rate: sustainedRate(limits) });
    return;
  }
  const limiter = createRateLimiter(limits);
  const tally = createTally(targets.length);
  const reportPath = options.report ?? options.resume;
  const report = reportPath ? openReport(ctx, reportPath) : undefined;
  // Every attempt paced by the limiter, and not tied to Ctrl+C: requests already sent finish (and are
  // reported) while nothing new is dispatched. Each device names its own license and hardware ID.
  const api = openLicenseApi(ctx, settings, selectAuthMode(settings), {
    gate: countingGate(limiter, ctx.signal, () => tally.throttled++),
    interruptible: false,
  });
  if (skipped > 0)
    ctx.out.info(
      `Resuming: ${skipped} device${skipped === 1 ? "" : "s"} already succeeded, ${targets.length} to go.`,
    );
  const now = () => ctx.io.now().getTime();
  const started = now();
  const progress = startProgress(ctx, tally, now);
  const digest = variablesDigest(variables);
  try {
    await dispatchFleet(api, targets, variables, {
      concurrency: options.concurrency,
      signal: ctx.signal,
      onOutcome: (outcome) =>
        recordOutcome(tally, report, outcome, { digest, scrub: (text) => ctx.out.scrub(text) }),
    });
  } finally {
    progress.finish();
    report?.close();
  }
  finishRun(ctx, { tally, skipped, seconds: (now() - started) / 1000, variables, reportPath });
}

/** A report to resume from: its succeeded devices are dropped, if they got these same variables. */
async function skipSucceeded(
  ctx: Context,
  targets: readonly FleetTarget[],
  variables: Variables,
  resume: string | undefined,
): Promise<{ targets: FleetTarget[]; skipped: number }> {
  if (!resume) return { targets: [...targets], skipped: 0 };
  const point = await readResumePoint(ctx, resume, targetKey);
  const digest = variablesDigest(variables);
  const remaining: FleetTarget[] = [];
  let other = 0;
  for (const target of targets) {
    const done = point.succeeded.get(targetKey(target));
    if (done === undefined) remaining.push(target);
    else if (done !== digest) other++;
  }
  if (other > 0) {
    throw usageError(
      `--resume ${resume} was written for other variables (${other} device${other === 1 ? "" : "s"} got them): resuming would leave those devices with different variables.`,
      "Resume with the same variables as the run that wrote the report, or start a new report without --resume.",
      "resume_mismatch",
    );
  }
  return { targets: remaining, skipped: targets.length - remaining.length };
}

/** Requests a second the limits allow over a long run. */
function sustainedRate(limits: readonly WindowLimit[]): number {
  const rate = Math.min(...limits.map((l) => (l.requests * 1000) / l.windowMs));
  return Math.round(rate * 10) / 10;
}

/** The configured product and license, for devices that do not name their own (as the License API picks it). */
function targetDefaults(settings: ResolvedSettings): TargetDefaults {
  const license = pickLicense(settings.licenseKey, settings.username);
  return {
    product: settings.product?.value,
    licenseId: settings.licenseId?.value,
    ...(license?.kind === "licenseKey" ? { licenseKey: license.value } : {}),
    ...(license?.kind === "username" ? { username: license.value } : {}),
  };
}

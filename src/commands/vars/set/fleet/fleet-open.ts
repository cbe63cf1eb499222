import type { LicenseApi } from "../../../../api/client.js";
import type { ManagementApi } from "../../../../api/management.js";
import type { ListedDevice } from "../../../../api/management-device-listing.js";
import { productIdOf } from "../../../../api/product-details.js";
import { createRateLimiter, type RateLimiter, type RequestGate } from "../../../../api/rate-limiter.js";
import type { ResolvedSettings } from "../../../../config/resolve.js";
import type { Context } from "../../../../context.js";
import { CliError } from "../../../../core/cli-error.js";
import { NO_JOURNAL, type RunJournal, startRunJournal } from "../../../../journal/run-journal.js";
import { openManyDevicesApi } from "../../../../sessions/device-session.js";
import { pickLicense } from "../../../../sessions/device-target.js";
import { loadSettings } from "../../../../sessions/load-settings.js";
import { type OpenedManagementApi, openManagementApi } from "../../../../sessions/management-session.js";
import { findAllDevices } from "./find-all-devices.js";
import { type FleetBudget, fleetBudget, MAX_PAUSES, throttleStop } from "./fleet-budget.js";
import {
  countingGate,
  type DeviceHooks,
  type DeviceOutcome,
  type DeviceWork,
  dispatchFleet,
} from "./fleet-dispatch.js";
import { type CheckedFleetFlags, recordOutcome } from "./fleet-outcomes.js";
import { startProgress } from "./fleet-progress.js";
import { openReport, type ReportHeader, type ReportWriter } from "./fleet-report.js";
import { createTally, type FleetTally } from "./fleet-summary.js";
import type { FleetTarget } from "./fleet-target.js";
import { readDevicesFile } from "./read-devices-file.js";
import type { TargetDefaults } from "./validate-device-rows.js";

/** A run over many devices, opened: its budget, paced clients, devices, and the way it stops itself. */
export interface OpenedFleet {
  readonly settings: ResolvedSettings;
  readonly budget: FleetBudget;
  /** The License API's limiter (its stats are the run's requests). */
  readonly limiter: RateLimiter;
  /** The License API, every request paced and counted for the device whose work makes it. */
  readonly api: LicenseApi;
  /** The Management API, paced on its own budget: with --all-devices, or when the run asks for it. */
  readonly management: ManagementApi | undefined;
  readonly tally: FleetTally;
  readonly found: {
    readonly targets: FleetTarget[];
    readonly listed: ReadonlyMap<FleetTarget, ListedDevice> | undefined;
    readonly scope: string;
  };
  /** Ctrl+C, or the run stopping itself (halt). */
  readonly signal: AbortSignal;
  readonly halt: (error: CliError) => void;
  /** Why the run stopped itself, if it did. */
  readonly stopped: () => CliError | undefined;
}

/**
 * Open a run over many devices (`--devices FILE` or `--all-devices`), the part every such run shares: the
 * budget and its two limiters, the paced License API client (a throttled run stops itself), the Management
 * API (for --all-devices' listing, or when `withManagement`), and the devices.
 */
export async function openFleet(
  ctx: Context,
  options: CheckedFleetFlags,
  withManagement: boolean,
): Promise<OpenedFleet> {
  // --all-devices needs the Management API, its listing paced on the Management API's own budget (known once
  // the settings are: opening the client loads them, once, so warnings are not repeated).
  let managementLimiter: RateLimiter | undefined;
  const managementGate: RequestGate = {
    acquire: () => managementLimiter?.acquire() ?? Promise.resolve(() => {}),
    throttled: (ms) => managementLimiter?.throttled(ms),
  };
  const management =
    options.devicesFile === undefined || withManagement
      ? openManagementApi(ctx, undefined, managementGate)
      : undefined;
  const settings = management?.settings ?? loadSettings(ctx).settings;
  const budget = fleetBudget(settings, options.rate);
  managementLimiter = createRateLimiter(budget.managementPace.limits, { maxPauseMs: budget.maxPauseMs });
  const defaults = targetDefaults(settings);
  // The License API limiter and client exist before the listing: a listing that names products only by ID
  // needs the product's ID, asked once (product_details), counted against the same budget.
  const limiter = createRateLimiter(budget.pace.limits, { maxPauseMs: budget.maxPauseMs });
  const tally = createTally(0);
  const stop = new AbortController();
  let stopped: CliError | undefined;
  const halt = (error: CliError) => {
    if (stopped) return;
    stopped = error;
    stop.abort(error);
  };
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const api = openManyDevicesApi(
    ctx,
    settings,
    countingGate(limiter, signal, (retryAfterMs) => {
      tally.throttled++;
      if (retryAfterMs !== undefined && retryAfterMs > budget.maxPauseMs)
        halt(throttleStop("long", budget, retryAfterMs));
      else if (limiter.stats().pauses > MAX_PAUSES) halt(throttleStop("repeated", budget));
    }),
  );
  let productId: Promise<number> | undefined;
  const resolveProductId = () => {
    productId ??= productIdOf(api, defaults.product as string);
    return productId;
  };
  const found = options.devicesFile
    ? {
        targets: await readDevicesFile(ctx, options.devicesFile, defaults),
        listed: undefined,
        scope: `the devices named in ${options.devicesFile}`,
      }
    : await findAllDevices(
        ctx,
        (management as OpenedManagementApi).api,
        settings,
        defaults,
        options.allLicenses === true,
        resolveProductId,
      );
  return {
    settings,
    budget,
    limiter,
    api,
    management: management?.api,
    tally,
    found,
    signal,
    halt,
    stopped: () => stopped,
  };
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

/**
 * The run's journal entry and its report, opened once the run is going ahead (after the question): the
 * report's header names the journal's run. A report refused ends the journal entry as refused.
 */
export function openRunRecords(
  ctx: Context,
  action: string,
  journalled: boolean,
  report: {
    readonly path: string | undefined;
    readonly header: Pick<ReportHeader, "targets" | "variables">;
    readonly devicesFile?: string;
  },
): { journal: RunJournal; report: ReturnType<typeof openReport> | undefined } {
  const journal = journalled ? startRunJournal(ctx, action) : NO_JOURNAL;
  try {
    const opened = report.path
      ? openReport(
          ctx,
          report.path,
          { run: journal.id ?? "unjournalled", ...report.header },
          report.devicesFile,
        )
      : undefined;
    return { journal, report: opened };
  } catch (error) {
    journal.end("refused");
    throw error;
  }
}

/**
 * Send every device's work under the run's limiter, and record each outcome as it comes: in the tally, and in
 * the report before the next request starts (a report that cannot be written stops the run: a write it does not
 * record could not be resumed). Outcomes known before any request (`recorded`: devices that failed to be read)
 * are recorded first. Progress is shown meanwhile; at the end the report is closed and the journal entry ended
 * with the run's outcome. Returns how many seconds the dispatch took.
 */
export async function dispatchRecorded(
  ctx: Context,
  fleet: OpenedFleet,
  records: { readonly journal: RunJournal; readonly report: ReportWriter | undefined },
  run: {
    readonly targets: readonly FleetTarget[];
    readonly work: DeviceWork;
    readonly concurrency: number;
    readonly digest: string;
    readonly hooks?: DeviceHooks;
    readonly recorded?: readonly DeviceOutcome[];
  },
): Promise<number> {
  const { tally } = fleet;
  const record = (outcome: DeviceOutcome) => {
    try {
      recordOutcome(tally, records.report, outcome, {
        digest: run.digest,
        scrub: (text) => ctx.out.scrub(text),
      });
    } catch (error) {
      if (error instanceof CliError) fleet.halt(error);
      else throw error;
    }
  };
  for (const outcome of run.recorded ?? []) record(outcome);
  const now = () => ctx.io.now().getTime();
  const started = now();
  const progress = startProgress(ctx, tally, now);
  let outcome = "failed";
  try {
    await dispatchFleet(fleet.api, run.targets, run.work, {
      concurrency: run.concurrency,
      signal: fleet.signal,
      onOutcome: record,
      hooks: run.hooks,
    });
    outcome = ctx.signal.aborted
      ? "interrupted"
      : fleet.stopped()
        ? "stopped"
        : tally.failed > 0
          ? "failed"
          : "ok";
  } finally {
    progress.finish();
    records.report?.close();
    records.journal.end(outcome);
  }
  return (now() - started) / 1000;
}

import { budgetPace, fixedPace, MAX_PAUSE_MS, type Pace } from "../../../../api/rate-limiter.js";
import type { ResolvedSettings } from "../../../../config/resolve.js";
import { DEFAULT_BUDGET_SHARE, PLAN_BUDGETS, type PlanName } from "../../../../config/schema.js";
import { CliError } from "../../../../core/cli-error.js";
import { formatDuration } from "./fleet-progress.js";

/** The budget a run over many devices spends, and where it came from, for the plan and the summary. */
export interface FleetBudget {
  readonly plan: PlanName;
  /** The company's License API and Management API budgets, requests a minute. */
  readonly licenseApi: number;
  readonly managementApi: number;
  readonly share: number;
  /** The License API pace; an explicit --rate replaces the share. */
  readonly pace: Pace;
  readonly managementPace: Pace;
  readonly explicitRate: boolean;
  /** The longest a 429's Retry-After may pause the run: a minute, and never beyond --timeout. */
  readonly maxPauseMs: number;
}

/** Pauses a run takes for 429s before it stops rather than compete with the vendor's live apps. */
export const MAX_PAUSES = 3;

export function fleetBudget(settings: ResolvedSettings, rate: number | undefined): FleetBudget {
  const plan = (settings.plan?.value ?? "free") as PlanName;
  const figures = PLAN_BUDGETS[plan] ?? PLAN_BUDGETS.free;
  const licenseApi = settings.apiBudget?.value ?? figures.licenseApi;
  const managementApi = settings.managementBudget?.value ?? figures.managementApi;
  const share = settings.budgetShare?.value ?? DEFAULT_BUDGET_SHARE;
  return {
    plan,
    licenseApi,
    managementApi,
    share,
    pace: rate === undefined ? budgetPace(licenseApi, share) : fixedPace(rate),
    managementPace: budgetPace(managementApi, share),
    explicitRate: rate !== undefined,
    maxPauseMs: Math.min(MAX_PAUSE_MS, settings.timeout?.value ?? MAX_PAUSE_MS),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** `7.5 requests/s: 25% of the free plan's License API budget (1,800/min)`. */
export function describeRate(budget: FleetBudget): string {
  const percent = Math.round(((budget.pace.rate * 60) / budget.licenseApi) * 100);
  const source = budget.explicitRate ? "--rate" : `--budget-share ${budget.share}`;
  return `${round1(budget.pace.rate)} requests/s (${source}): ${percent}% of the ${budget.plan} plan's License API budget (${budget.licenseApi.toLocaleString("en-US")}/min, shared with the vendor's apps)`;
}

/** The plan lines a run over many devices shows before it starts (and a dry run prints). */
export function planLines(
  budget: FleetBudget,
  view: { devices: number; names: string; scope: string; requestsPerDevice: number; journal: boolean },
): string[] {
  const requests = view.devices * view.requestsPerDevice;
  const seconds = requests / budget.pace.rate;
  const perDevice =
    view.requestsPerDevice > 1
      ? ` (a read for the journal and a write per device)`
      : " (one write per device)";
  return [
    `Plan: set ${view.names} on ${view.devices} device${view.devices === 1 ? "" : "s"}: ${view.scope}.`,
    `Rate: ${describeRate(budget)}; ${requests} request${requests === 1 ? "" : "s"}${perDevice}, about ${formatDuration(seconds)}.`,
    ...(view.journal
      ? []
      : ["Journal: off (--no-journal): these changes cannot be undone with licensectl undo."]),
  ];
}

/** The run stops: the company's budget is spent and live apps are being refused too. */
export function throttleStop(
  reason: "repeated" | "long",
  budget: FleetBudget,
  retryAfterMs?: number,
): CliError {
  const why =
    reason === "long"
      ? `the API asked to wait ${Math.round((retryAfterMs ?? 0) / 1000)} s (Retry-After), more than the ${Math.round(budget.maxPauseMs / 1000)} s a run waits`
      : `the API answered 429 (too many requests) again after ${MAX_PAUSES} pauses`;
  return new CliError(
    "network",
    `Stopped: ${why}; the company's shared API budget is spent, and the vendor's apps are refused too.`,
    {
      code: "throttled_stop",
      hint: "Resume later with --resume REPORT (only devices not done are sent), at a lower --budget-share or --rate.",
    },
  );
}

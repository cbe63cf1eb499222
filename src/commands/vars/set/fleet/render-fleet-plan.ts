import type { Output } from "../../../../output/output.js";
import { renderTable } from "../../../../output/text-table.js";
import type { Variables } from "../../../../variables/variable-args.js";
import { formatDuration } from "./fleet-progress.js";
import type { FleetTarget } from "./fleet-target.js";

export interface FleetPlan {
  readonly targets: readonly FleetTarget[];
  readonly variables: Variables;
  /** Devices a --resume report says already have these variables. */
  readonly skipped: number;
  /** Requests a second the run would keep below. */
  readonly rate: number;
}

/**
 * A fleet dry run: the devices that would be sent the variables, and how long that would take at the rate.
 * With --json, one JSON line per device, `{"target": {…}, "variables": {…}}`.
 */
export function renderFleetPlan(out: Output, plan: FleetPlan): void {
  if (out.json) {
    out.result(
      plan.targets.map((target) => JSON.stringify({ target, variables: plan.variables })).join("\n") || "",
    );
    return;
  }
  const paint = out.stdoutPaint;
  const names = Object.entries(plan.variables)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join(", ");
  const skipped = plan.skipped > 0 ? ` (${plan.skipped} skipped: they succeeded in the report)` : "";
  const caption =
    `Dry run, nothing was sent: would set ${names} on ${plan.targets.length} device${plan.targets.length === 1 ? "" : "s"}${skipped}` +
    ` at up to ${plan.rate} requests/s (about ${formatDuration(plan.targets.length / plan.rate)})`;
  const table = renderTable(
    [{ header: "HARDWARE ID" }, { header: "LICENSE" }, { header: "LICENSE ID" }, { header: "PRODUCT" }],
    plan.targets.map((t) => [
      t.hardware_id,
      t.license_key ?? t.username ?? "",
      t.license_id === undefined ? "" : String(t.license_id),
      t.product,
    ]),
    paint,
    out.tableWidth,
  );
  // "Dry run": a notice a script's user must not miss, on stderr in a pipe.
  out.notice(caption);
  out.result(table);
}

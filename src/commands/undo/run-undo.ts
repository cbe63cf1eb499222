import { getDeviceVariables, trackDeviceVariables } from "../../api/device-variables.js";
import {
  deleteDeviceVariable,
  listDeviceVariables,
  type ManagedVariable,
} from "../../api/management-devices.js";
import { createRateLimiter } from "../../api/rate-limiter.js";
import { CliError, cancelledError, configError } from "../../core/cli-error.js";
import { type ChangeLine, type JournalValue, readRun } from "../../journal/journal-store.js";
import { startRunJournal, valueIn } from "../../journal/run-journal.js";
import { summarizeWrite } from "../../output/github-actions-summary.js";
import type { Output } from "../../output/output.js";
import { renderTable } from "../../output/text-table.js";
import { openManyDevicesApi } from "../../sessions/device-session.js";
import { loadSettings } from "../../sessions/load-settings.js";
import { openManagementApi } from "../../sessions/management-session.js";
import { confirmWrite } from "../../terminal/prompt.js";
import type { Variables, VariableValue } from "../../variables/variable-args.js";
import { shown } from "../history/run-history.js";
import { describeRate, fleetBudget } from "../vars/set/fleet/fleet-budget.js";
import { whole } from "../vars/set/fleet/fleet-flags.js";
import { targetKey, toDeviceTarget } from "../vars/set/fleet/fleet-target.js";
import type { UndoInput } from "./verb.js";

interface UndoOptions {
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly force: boolean;
  /** --rate: requests a second instead of the budget's share. */
  readonly rate?: number | undefined;
}

/** What undo does with one variable of one device, decided from its value now. */
type Step = "restore" | "delete" | "same" | "changed" | "unknown";

interface Item {
  readonly change: ChangeLine;
  readonly now: JournalValue;
  readonly step: Step;
}

const same = (a: JournalValue, b: JournalValue): boolean =>
  a.state === b.state &&
  (a.state !== "value" || String(a.value) === String((b as { value: VariableValue }).value));

/**
 * `undo ID`: each variable the run changed goes back to its value before (a write), or is deleted when the
 * run created it (Management API). A value that is neither what the run wrote nor what it found has been
 * changed since: skipped and named (exit 8), unless --force. Values now are read first, one read per device,
 * at the same budgeted pace as any run over many devices; undo asks, and is journalled like any write.
 */
export async function runUndo({ ctx, args: [id], flags }: UndoInput): Promise<void> {
  const options: UndoOptions = {
    ...flags,
    rate: flags.rate === undefined ? undefined : whole(flags.rate, "--rate", 100_000),
  };
  const run = readRun(ctx.io, id);
  const latest = new Map<string, ChangeLine>();
  for (const change of run.changes) latest.set(`${targetKey(change.device)} ${change.variable}`, change);
  const byDevice = new Map<string, ChangeLine[]>();
  for (const change of latest.values()) {
    const key = targetKey(change.device);
    byDevice.set(key, [...(byDevice.get(key) ?? []), change]);
  }
  if (byDevice.size === 0) {
    ctx.out.result(`Run ${id} changed nothing: nothing to undo.`);
    return;
  }
  const { settings } = loadSettings(ctx);
  const budget = fleetBudget(settings, options.rate);
  const limiter = createRateLimiter(budget.pace.limits, { maxPauseMs: budget.maxPauseMs });
  const api = openManyDevicesApi(ctx, settings, limiter);

  // The values now: one read per device.
  const items: Item[] = [];
  await pool([...byDevice.values()], 8, async (changes) => {
    const device = (changes[0] as ChangeLine).device;
    const read = await getDeviceVariables(api, toDeviceTarget(device));
    const now = new Map(read.map((v) => [v.variable, v.value]));
    for (const change of changes) {
      const current = valueIn(now, change.variable);
      const step: Step =
        change.before.state === "unknown"
          ? "unknown"
          : same(current, change.before)
            ? "same"
            : same(current, change.after) || options.force
              ? change.before.state === "absent"
                ? "delete"
                : "restore"
              : "changed";
      items.push({ change, now: current, step });
    }
  });
  const count = (step: Step) => items.filter((i) => i.step === step).length;
  const devices = new Set(
    items.filter((i) => i.step === "restore" || i.step === "delete").map((i) => targetKey(i.change.device)),
  );
  ctx.out.info(
    `Undo run ${id} (${run.header.command}): put back ${count("restore")} value${count("restore") === 1 ? "" : "s"} and delete ${count("delete")} variable${count("delete") === 1 ? "" : "s"} on ${devices.size} device${devices.size === 1 ? "" : "s"}; ${count("same")} already as before; ${count("changed")} changed since${options.force ? " (overwritten: --force)" : " (skipped)"}; ${count("unknown")} not undoable (no value before recorded).`,
  );
  ctx.out.info(`Rate: ${describeRate(budget)}.`);
  if (options.dryRun) {
    renderItems(ctx.out, items);
    finish(items, options, 0);
    return;
  }
  if (count("delete") > 0 && settings.managementApiKey === undefined) {
    throw configError(
      `Undoing run ${id} deletes ${count("delete")} variable${count("delete") === 1 ? "" : "s"} it created, which needs the Management API key; nothing was changed.`,
      "Set LICENSECTL_MANAGEMENT_API_KEY (or managementApiKey in a config file), then run the undo again.",
      "missing_management_key",
    );
  }
  if (devices.size > 0) {
    const go = await confirmWrite(
      ctx.io,
      ctx.globals.input,
      `Undo run ${id} on ${devices.size} device${devices.size === 1 ? "" : "s"}?`,
      options.yes,
      "Undo changes variables",
    );
    if (!go) throw cancelledError("Cancelled: nothing was changed.");
  }
  const journal = startRunJournal(ctx, "undo", id);
  const management =
    count("delete") > 0
      ? openManagementApi(
          ctx,
          settings,
          // The Management API has a budget of its own, smaller than the License API's: --rate (a License API
          // pace) never speeds it up, as for vars apply --prune.
          createRateLimiter(budget.managementPace.limits, { maxPauseMs: budget.maxPauseMs }),
        ).api
      : undefined;
  let failed = 0;
  // The devices that failed, with the first failure of each (for the step summary in GitHub Actions).
  const failures = new Map<string, string>();
  const fail = (device: string, message: string) => {
    if (!failures.has(device)) failures.set(device, message);
  };
  let outcome = "failed";
  try {
    const work = [...groupBy(items.filter((i) => i.step === "restore" || i.step === "delete")).values()];
    await pool(work, 8, async (deviceItems) => {
      const device = (deviceItems[0] as Item).change.device;
      const restores = deviceItems.filter((i) => i.step === "restore");
      if (restores.length > 0) {
        const variables: Variables = Object.fromEntries(
          restores.map((i) => [i.change.variable, (i.change.before as { value: VariableValue }).value]),
        );
        let ok = false;
        try {
          await trackDeviceVariables(api, toDeviceTarget(device), variables);
          ok = true;
        } catch (error) {
          failed += restores.length;
          fail(device.hardware_id, `not put back: ${(error as Error).message}`);
          ctx.out.warn(`${device.hardware_id}: not put back: ${(error as Error).message}`);
        }
        for (const i of restores)
          journal.record({
            device,
            variable: i.change.variable,
            before: i.now,
            after: i.change.before,
            outcome: ok ? "written" : "failed",
          });
      }
      // The device's variables are listed once for all its deletes (again only after a listing that failed).
      let listed: readonly ManagedVariable[] | undefined;
      for (const i of deviceItems.filter((d) => d.step === "delete")) {
        let ok = false;
        try {
          if (device.device_id === undefined) throw new Error("the journal has no device ID for it");
          listed ??= await listDeviceVariables(
            management as NonNullable<typeof management>,
            device.device_id,
          );
          const found = listed.find((v) => v.variable === i.change.variable);
          if (found) await deleteDeviceVariable(management as NonNullable<typeof management>, found.id);
          ok = true;
        } catch (error) {
          failed++;
          fail(device.hardware_id, `${i.change.variable} not deleted: ${(error as Error).message}`);
          ctx.out.warn(
            `${device.hardware_id}: ${i.change.variable} not deleted: ${(error as Error).message}`,
          );
        }
        journal.record({
          device,
          variable: i.change.variable,
          before: i.now,
          after: { state: "absent" },
          outcome: ok ? "written" : "failed",
        });
      }
    });
    outcome = failed > 0 ? "failed" : count("changed") > 0 && !options.force ? "incomplete" : "ok";
  } finally {
    journal.end(outcome);
    summarizeWrite(ctx.io.env, ctx.out, {
      command: `undo ${id}`,
      devices: devices.size,
      succeeded: devices.size - failures.size,
      failed: failures.size,
      skipped: count("changed") + count("unknown"),
      firstFailures: [...failures].slice(0, 10).map(([device, message]) => ({
        device,
        message: ctx.out.scrub(message),
      })),
    });
  }
  ctx.out.result(
    `Undid run ${id}: put back ${count("restore")} value${count("restore") === 1 ? "" : "s"}, deleted ${count("delete")} variable${count("delete") === 1 ? "" : "s"}${failed > 0 ? `, ${failed} failed` : ""}. Journal: run ${journal.id}.`,
  );
  finish(items, options, failed);
}

/** Failures are exit 6; anything left undone on purpose (changed since, not undoable) is exit 8. */
function finish(items: readonly Item[], options: UndoOptions, failed: number): void {
  const left = items.filter((i) => i.step === "changed" || i.step === "unknown");
  if (failed > 0) {
    throw new CliError("network", `${failed} change${failed === 1 ? "" : "s"} could not be undone.`, {
      code: "undo_failed",
      hint: "Run the same undo again: what was put back is as before now and is left alone.",
    });
  }
  if (left.length === 0 || options.dryRun) return;
  const named = left
    .slice(0, 10)
    .map(
      (i) =>
        `${i.change.device.hardware_id} ${i.change.variable} (${i.step === "changed" ? `now ${shown(i.now)}` : "no value before"})`,
    )
    .join(", ");
  throw new CliError(
    "incomplete",
    `${left.length} variable${left.length === 1 ? " was" : "s were"} left as they are: ${named}${left.length > 10 ? ", …" : ""}.`,
    {
      code: "undo_skipped",
      hint: "A value changed since the run is not overwritten; pass --force to put the value before back anyway.",
    },
  );
}

function renderItems(out: Output, items: readonly Item[]): void {
  out.result(
    renderTable(
      [
        { header: "HARDWARE ID" },
        { header: "VARIABLE" },
        { header: "NOW" },
        { header: "PUT BACK" },
        { header: "ACTION" },
      ],
      items.map((i) => [
        i.change.device.hardware_id,
        i.change.variable,
        shown(i.now),
        shown(i.change.before),
        i.step,
      ]),
      out.stdoutPaint,
      out.tableWidth,
    ),
  );
}

function groupBy(items: readonly Item[]): Map<string, Item[]> {
  const groups = new Map<string, Item[]>();
  for (const item of items) {
    const key = targetKey(item.change.device);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** `work` on each item, `size` at a time. */
async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

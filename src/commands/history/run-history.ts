import type { Context } from "../../context.js";
import { usageError } from "../../core/cli-error.js";
import {
  type JournalRun,
  type JournalValue,
  journalDir,
  listRunIds,
  pruneRuns,
  readRun,
} from "../../journal/journal-store.js";
import { renderTable } from "../../output/text-table.js";
import { targetKey } from "../vars/set/fleet/fleet-target.js";

/** One run as `history` lists it. */
export interface RunSummary {
  readonly id: string;
  readonly started_at: string;
  readonly action: string;
  readonly undoes: string | null;
  readonly command: string;
  readonly devices: number;
  readonly changes: number;
  readonly written: number;
  readonly outcome: string;
}

export function summarise(run: JournalRun): RunSummary {
  const devices = new Set(run.changes.map((c) => targetKey(c.device)));
  return {
    id: run.header.id,
    started_at: run.header.started_at,
    action: run.header.action,
    undoes: run.header.undoes ?? null,
    command: run.header.command,
    devices: devices.size,
    changes: run.changes.length,
    written: run.changes.filter((c) => c.outcome === "written").length,
    // A run without an end line was killed (or is still running).
    outcome: run.end?.outcome ?? "unfinished",
  };
}

/** `history`: newest first; `--device` keeps the runs that changed that device (hardware ID or device ID). */
export async function runHistoryList(
  ctx: Pick<Context, "io" | "out">,
  options: { device?: string | undefined },
): Promise<void> {
  const runs: RunSummary[] = [];
  for (const id of listRunIds(ctx.io)) {
    const run = readRun(ctx.io, id);
    const device = options.device;
    if (
      device !== undefined &&
      !run.changes.some((c) => c.device.hardware_id === device || String(c.device.device_id) === device)
    )
      continue;
    runs.push(summarise(run));
  }
  if (ctx.out.json) {
    ctx.out.result(JSON.stringify(runs));
    return;
  }
  if (runs.length === 0) {
    ctx.out.info(`No runs in the journal (${journalDir(ctx.io)}).`);
    return;
  }
  ctx.out.result(
    renderTable(
      [
        { header: "ID" },
        { header: "STARTED" },
        { header: "ACTION" },
        { header: "DEVICES" },
        { header: "WRITTEN" },
        { header: "OUTCOME" },
        { header: "COMMAND" },
      ],
      runs.map((r) => [
        r.id,
        r.started_at.replace(/\.\d+Z$/, "Z"),
        r.undoes ? `undo ${r.undoes}` : r.action,
        String(r.devices),
        `${r.written}/${r.changes}`,
        r.outcome,
        r.command,
      ]),
      ctx.out.stdoutPaint,
      ctx.out.tableWidth,
    ),
  );
}

/** `history show ID`: each change with its device and the values before and after. */
export async function runHistoryShow(ctx: Pick<Context, "io" | "out">, id: string): Promise<void> {
  const run = readRun(ctx.io, id);
  if (ctx.out.json) {
    ctx.out.result(JSON.stringify({ ...summarise(run), changes: run.changes }));
    return;
  }
  const s = summarise(run);
  ctx.out.info(`Run ${s.id}, ${s.started_at}: ${s.command} (${s.outcome}).`);
  ctx.out.result(
    renderTable(
      [
        { header: "HARDWARE ID" },
        { header: "DEVICE ID" },
        { header: "LICENSE" },
        { header: "VARIABLE" },
        { header: "BEFORE" },
        { header: "AFTER" },
        { header: "OUTCOME" },
      ],
      run.changes.map((c) => [
        c.device.hardware_id,
        c.device.device_id === undefined ? "" : String(c.device.device_id),
        c.device.license_key ?? c.device.username ?? (c.device.license_id ? String(c.device.license_id) : ""),
        c.variable,
        shown(c.before),
        shown(c.after),
        c.outcome,
      ]),
      ctx.out.stdoutPaint,
      ctx.out.tableWidth,
    ),
  );
}

export function shown(value: JournalValue): string {
  if (value.state === "absent") return "(absent)";
  if (value.state === "unknown") return "(not read)";
  return JSON.stringify(value.value);
}

/** `history prune`: the journal's bound, or a tighter one. */
export async function runHistoryPrune(
  ctx: Pick<Context, "io" | "out">,
  options: { keep: string; days: string },
): Promise<void> {
  const keep = whole(options.keep, "--keep");
  const days = whole(options.days, "--days");
  const removed = pruneRuns(ctx.io, keep, days);
  if (ctx.out.json) ctx.out.result(JSON.stringify({ removed }));
  else ctx.out.result(`Removed ${removed.length} run${removed.length === 1 ? "" : "s"} from the journal.`);
}

function whole(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim())) throw usageError(`${flag} must be a whole number, got "${text}".`);
  return Number(text);
}

import type { Context } from "../../../../context.js";
import type { FleetTally } from "./fleet-summary.js";

export interface FleetProgress {
  /** Draw now (also drawn every REDRAW_MS while the run lasts). */
  draw(): void;
  /** Erase the line, for good. */
  finish(): void;
}

const REDRAW_MS = 200;

/**
 * One line on stderr, redrawn in place: `412/1000 done · 3 failed · 48.5/s · ETA 0:12`. Only on a terminal
 * and without --quiet: a pipe or a file gets none of it.
 */
export function startProgress(ctx: Context, tally: FleetTally, now: () => number): FleetProgress {
  const stderr = ctx.io.stderr;
  if (stderr.isTTY !== true || ctx.globals.quiet) return { draw: () => {}, finish: () => {} };
  const started = now();
  const draw = () => {
    const line = progressLine(tally, (now() - started) / 1000);
    const width = Math.max(20, (stderr.columns || 80) - 1); // a terminal of unknown size reports 0
    stderr.write(`\r\u001b[2K${line.slice(0, width)}`);
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  draw();
  return {
    draw,
    finish: () => {
      clearInterval(timer);
      stderr.write("\r\u001b[2K");
    },
  };
}

export function progressLine(tally: FleetTally, seconds: number): string {
  const finished = tally.succeeded + tally.failed;
  const rate = seconds > 0 ? finished / seconds : 0;
  const remaining = tally.total - finished;
  const eta = rate > 0 ? formatDuration(remaining / rate) : "–";
  const throttled = tally.throttled > 0 ? ` · ${tally.throttled} throttled (429)` : "";
  return `${finished}/${tally.total} done · ${tally.failed} failed · ${rate.toFixed(1)}/s · ETA ${eta}${throttled}`;
}

/** 75 → `1:15`; 3725 → `1:02:05`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// Timing and memory of whole processes: sides of a comparison run alternately (A, B, C, A, B, C, …) after a
// warm-up, so every side sees the same machine state; the median of each side is kept.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A side: a command line and its environment. */
export const side = (command, args, env) => ({ command, args, env });

/** Wall time of one run in ms; fails loudly on a non-zero exit. */
export function timeRun({ command, args, env }, cwd) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return elapsed;
}

/**
 * CPU time (user + system, ms) of the children waited for so far, from /proc/self/stat (Linux; 10 ms ticks,
 * so only a sum over many runs means anything); undefined elsewhere.
 */
function childrenCpu() {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Median wall time of each side, measured alternately; `cpu`: the mean CPU time of each side's runs, which
 * a busy machine disturbs far less than wall time.
 */
export function alternate(sides, { runs, warmup, cwd }) {
  const times = sides.map(() => []);
  const cpu = sides.map(() => 0);
  for (let i = 0; i < warmup + runs; i++) {
    sides.forEach((s, j) => {
      const before = childrenCpu();
      const elapsed = timeRun(s, cwd);
      if (i < warmup) return;
      times[j].push(elapsed);
      cpu[j] += (childrenCpu() ?? Number.NaN) - (before ?? Number.NaN);
    });
  }
  return Object.assign(times.map(median), { cpu: cpu.map((total) => total / runs) });
}

/** Median peak resident set size (MiB) of each side, alternately; `rssPreload` reports it at exit. */
export function peakRss(sides, { runs, warmup, cwd, rssPreload }) {
  const files = sides.map((_, j) => join(cwd, `rss-${j}`));
  for (const file of files) rmSync(file, { force: true });
  for (let i = 0; i < warmup + runs; i++) {
    sides.forEach((s, j) => {
      timeRun(
        { ...s, args: ["-r", rssPreload, ...s.args], env: { ...s.env, BENCH_RSS_FILE: files[j] } },
        cwd,
      );
    });
  }
  return files.map(
    (file) => median(readFileSync(file, "utf8").trim().split("\n").map(Number).slice(warmup)) / 1024,
  );
}

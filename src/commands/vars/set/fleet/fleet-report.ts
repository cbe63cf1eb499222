import { closeSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import type { Context } from "../../../../context.js";
import { usageError } from "../../../../core/cli-error.js";
import type { FleetTarget } from "./fleet-target.js";
import { readText } from "./read-devices-file.js";

/** One line of `--report`: what happened to one device. */
export interface ReportLine {
  readonly target: FleetTarget;
  readonly outcome: "succeeded" | "failed";
  /** The error's code (`device_not_found`, `connection_failed` …), null on success. */
  readonly error_code: string | null;
  /** The error's kind, which decides the exit code (usage, auth, api, network, verification …). */
  readonly error_kind: string | null;
  readonly message: string | null;
  /** HTTP attempts made for this device, retries included. */
  readonly attempts: number;
  /** Which variables were sent (see variablesDigest): a resume must send the same ones. */
  readonly variables: string;
  readonly finished_at: string;
}

export interface ReportWriter {
  append(line: ReportLine): void;
  close(): void;
}

/**
 * Appends one JSON line per device as each finishes, with a synchronous write: once a device is counted, its
 * line is in the file, even if the process is killed the next moment.
 */
export function openReport(ctx: Context, path: string): ReportWriter {
  let fd: number;
  try {
    fd = openSync(resolve(ctx.io.cwd, path), "a", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    throw usageError(
      `Cannot open --report ${path} for writing (${code}).`,
      "Check that its directory exists and is writable, or pass another path.",
      "unwritable_report",
    );
  }
  return {
    append: (line) => void writeSync(fd, `${JSON.stringify(line)}\n`),
    close: () => closeSync(fd),
  };
}

/** What a report says succeeded, by target key, and with which variables. */
export interface ResumePoint {
  readonly succeeded: ReadonlyMap<string, string>;
}

/**
 * Read a report for `--resume`. A last line cut short (the process was killed mid-write) is ignored; any
 * other line that is not a report line is a usage error with its line number.
 */
export async function readResumePoint(
  ctx: Context,
  path: string,
  keyOf: (target: FleetTarget) => string,
): Promise<ResumePoint> {
  const text = await readText(ctx, path, "--resume");
  const lines = text.split("\n");
  const succeeded = new Map<string, string>();
  lines.forEach((raw, index) => {
    if (raw.trim() === "") return;
    const line = parseLine(raw);
    if (!line) {
      if (index === lines.length - 1) return; // cut short by a kill: that device is simply done again
      throw usageError(
        `--resume ${path}, line ${index + 1}: not a licensectl report line.`,
        "Pass a file written by --report.",
        "invalid_report",
      );
    }
    if (line.outcome === "succeeded") succeeded.set(keyOf(line.target), line.variables);
  });
  return { succeeded };
}

function parseLine(raw: string): ReportLine | undefined {
  try {
    const value = JSON.parse(raw) as Partial<ReportLine>;
    const target = value.target as Partial<FleetTarget> | undefined;
    if (typeof target?.hardware_id !== "string" || typeof target.product !== "string") return undefined;
    if (value.outcome !== "succeeded" && value.outcome !== "failed") return undefined;
    if (typeof value.variables !== "string") return undefined;
    return value as ReportLine;
  } catch {
    return undefined;
  }
}

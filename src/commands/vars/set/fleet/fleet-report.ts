import { createHash } from "node:crypto";
import { closeSync, constants, fchmodSync, fstatSync, lstatSync, openSync, writeSync } from "node:fs";
import { resolve } from "node:path";
import type { Context } from "../../../../context.js";
import { CliError, usageError } from "../../../../core/cli-error.js";
import { readRegularFile } from "../../../../core/safe-read.js";
import type { FleetTarget } from "./fleet-target.js";
import { MAX_DEVICES_FILE_BYTES, readText } from "./read-devices-file.js";

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

/** The first line of every report, and of every run appended to it: which run, which devices, which variables. */
export interface ReportHeader {
  readonly licensectl_report: 1;
  readonly run: string;
  /** Digest of the run's targets (all of them, before --resume skips any): a report is for these devices. */
  readonly targets: string;
  readonly variables: string;
  readonly started_at: string;
}

/** Digest of a run's targets, whatever their order. */
export function targetsDigest(keys: readonly string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([...keys].sort()))
    .digest("hex")
    .slice(0, 16);
}

const OPEN_NEW =
  constants.O_WRONLY |
  constants.O_CREAT |
  constants.O_EXCL |
  (constants.O_NOFOLLOW ?? 0) |
  constants.O_APPEND;
// O_NONBLOCK: a FIFO planted at the path would hold open() until a reader came (beyond SIGTERM).
const OPEN_EXISTING =
  constants.O_WRONLY |
  constants.O_APPEND |
  (constants.O_NOFOLLOW ?? 0) |
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOCTTY ?? 0);

/**
 * Appends one JSON line per device as each finishes, with a synchronous write: once a device is counted, its
 * line is in the file, even if the process is killed the next moment. A new report is created 0600 (never
 * through a link, never over a file created meanwhile); an existing one is appended to only when it is a
 * licensectl report of the same targets and variables, and is set to 0600. A symbolic link, FIFO, device or
 * directory at the path is refused at once, and so is the --devices file itself. A failed write (ENOSPC,
 * EIO) is a config error (exit 3) that names the report.
 */
export function openReport(
  ctx: Context,
  path: string,
  header: Omit<ReportHeader, "licensectl_report" | "started_at">,
  devicesFile: string | undefined,
): ReportWriter {
  const full = resolve(ctx.io.cwd, path);
  const existing = lstatOrUndefined(full);
  if (devicesFile !== undefined) {
    const devices = lstatOrUndefined(resolve(ctx.io.cwd, devicesFile));
    if (
      full === resolve(ctx.io.cwd, devicesFile) ||
      (existing && devices && existing.ino === devices.ino && existing.dev === devices.dev)
    ) {
      throw usageError(
        `--report ${path} is the --devices file: it would be overwritten with report lines.`,
        "Pass another path to --report.",
        "unwritable_report",
      );
    }
  }
  if (existing) {
    const kind = existing.isSymbolicLink()
      ? "a symbolic link"
      : existing.isFIFO()
        ? "a named pipe (FIFO)"
        : existing.isCharacterDevice() || existing.isBlockDevice()
          ? "a device"
          : existing.isFile()
            ? undefined
            : "not a regular file";
    if (kind) throw refuseReport(path, `it is ${kind}`);
    const first = readHeader(ctx, path);
    if (!first)
      throw refuseReport(path, "it is not a licensectl report (no report header on its first line)");
    if (first.targets !== header.targets || first.variables !== header.variables)
      throw refuseReport(path, `it is the report of run ${first.run}, for other devices or variables`);
  }
  let fd: number;
  try {
    fd = openSync(full, existing ? OPEN_EXISTING : OPEN_NEW, 0o600);
    const opened = fstatSync(fd);
    if (!opened.isFile() || (existing && (opened.ino !== existing.ino || opened.dev !== existing.dev))) {
      closeSync(fd);
      throw refuseReport(path, "it was replaced while being opened");
    }
    if ((opened.mode & 0o777) !== 0o600) fchmodSync(fd, 0o600);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "EIO";
    if (code === "ELOOP" || code === "EEXIST")
      throw refuseReport(path, code === "ELOOP" ? "it is a symbolic link" : "it was created meanwhile");
    throw usageError(
      `Cannot open --report ${path} for writing (${code}).`,
      "Check that its directory exists and is writable, or pass another path.",
      "unwritable_report",
    );
  }
  const write = (text: string) => {
    try {
      writeSync(fd, text);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EIO";
      throw new CliError("config", `Cannot write the report ${path} (${code}); the run stopped.`, {
        code: "report_write_failed",
        hint: `Free space on its disk (or pass another --report), then rerun with --resume ${path}: the devices it records are not sent again.`,
      });
    }
  };
  write(`${JSON.stringify({ licensectl_report: 1, ...header, started_at: ctx.io.now().toISOString() })}\n`);
  return {
    append: (line) => write(`${JSON.stringify(line)}\n`),
    close: () => closeSync(fd),
  };
}

function refuseReport(path: string, why: string): CliError {
  return usageError(
    `--report ${path} was refused: ${why}; nothing was sent.`,
    "Pass a new path, or the report of this same run to --resume.",
    "refused_report",
  );
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** The header of an existing report, read through the judged reader; undefined when it has none. */
function readHeader(ctx: Context, path: string): ReportHeader | undefined {
  let text: string;
  try {
    text = readRegularFile(resolve(ctx.io.cwd, path), { maxBytes: MAX_DEVICES_FILE_BYTES * 4 }).toString(
      "utf8",
    );
  } catch {
    return undefined;
  }
  return parseHeader(text.split("\n", 1)[0] ?? "");
}

function parseHeader(raw: string): ReportHeader | undefined {
  try {
    const value = JSON.parse(raw) as Partial<ReportHeader>;
    if (
      value.licensectl_report !== 1 ||
      typeof value.targets !== "string" ||
      typeof value.variables !== "string"
    )
      return undefined;
    return value as ReportHeader;
  } catch {
    return undefined;
  }
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
  expected: { readonly targets: string; readonly variables: string },
): Promise<ResumePoint> {
  const text = await readText(ctx, path, "--resume");
  const lines = text.split("\n");
  const header = parseHeader(lines[0] ?? "");
  if (!header) {
    throw usageError(
      `--resume ${path} is not a licensectl report (no report header on its first line); nothing was sent.`,
      "Pass a file written by --report.",
      "invalid_report",
    );
  }
  if (header.variables !== expected.variables) {
    throw usageError(
      `--resume ${path} was written for other variables (run ${header.run}): resuming would leave those devices with different variables.`,
      "Resume with the same variables as the run that wrote the report, or start a new report without --resume.",
      "resume_mismatch",
    );
  }
  if (header.targets !== expected.targets) {
    throw usageError(
      `--resume ${path} was written for other devices (run ${header.run}); nothing was sent.`,
      "Resume with the same --devices file (or --all-devices scope) as the run that wrote the report.",
      "resume_mismatch",
    );
  }
  const succeeded = new Map<string, string>();
  lines.forEach((raw, index) => {
    if (raw.trim() === "" || parseHeader(raw)) return;
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

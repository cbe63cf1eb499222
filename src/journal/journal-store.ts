import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  writeSync,
} from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Io } from "../context.js";
import { CliError, configError } from "../core/cli-error.js";
import { ownerAndModeRefusal, RefusedFile, readRegularFile } from "../core/safe-read.js";
import type { VariableValue } from "../variables/variable-args.js";

/**
 * The journal: one JSON-lines file per run that changed (or meant to change) variables, in the user's state
 * directory. Each line is written (one `write`, appended) as soon as it is known, so a killed run leaves
 * every change it confirmed on disk. The directory is 0700, every file 0600, and every file is judged before
 * it is read (a regular file, owned by the user, written by nobody else, at most MAX_RUN_BYTES).
 */

/** The bound: the newest KEEP_RUNS runs, and none older than KEEP_DAYS days. */
export const KEEP_RUNS = 200;
export const KEEP_DAYS = 90;
/** A run of 100,000 devices with a few variables each fits. */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;

/** The device a change was made on: enough to name it to the License API again (undo does). */
export interface JournalDevice {
  readonly product: string;
  readonly hardware_id: string;
  readonly license_key?: string | undefined;
  readonly username?: string | undefined;
  readonly license_id?: number | undefined;
  /** The device's ID as the API answered it (the Management API deletes by it). */
  readonly device_id?: number | undefined;
}

/** A variable's value before or after: absent (no such variable), a value, or unknown (not read: --no-journal). */
export type JournalValue =
  | { readonly state: "absent" }
  | { readonly state: "value"; readonly value: VariableValue }
  | { readonly state: "unknown" };

export interface RunHeader {
  readonly type: "run";
  readonly id: string;
  readonly started_at: string;
  /** The command line, secrets removed. */
  readonly command: string;
  /** Set, unset, copy or undo (of which run). */
  readonly action: string;
  readonly undoes?: string | undefined;
}

export interface ChangeLine {
  readonly type: "change";
  readonly at: string;
  readonly device: JournalDevice;
  readonly variable: string;
  readonly before: JournalValue;
  readonly after: JournalValue;
  /** written: the API confirmed it; failed: not confirmed (the value may or may not have changed). */
  readonly outcome: "written" | "failed";
}

export interface EndLine {
  readonly type: "end";
  readonly at: string;
  /** ok, failed (with an error code), interrupted, stopped. */
  readonly outcome: string;
}

export type JournalLine = RunHeader | ChangeLine | EndLine;

/** One run as read back. */
export interface JournalRun {
  readonly header: RunHeader;
  readonly changes: readonly ChangeLine[];
  readonly end: EndLine | undefined;
}

/** `$XDG_STATE_HOME/licensectl`, else `~/.local/state/licensectl` (a relative XDG_STATE_HOME is ignored, per spec). */
export function journalDir(io: Io): string {
  const state = io.env.XDG_STATE_HOME;
  const base = state && isAbsolute(state) ? state : join(io.homedir, ".local", "state");
  return join(base, "licensectl");
}

const uid = () => (typeof process.getuid === "function" ? process.getuid() : undefined);

/** The directory, created 0700 when missing; refused when it is not a directory of the user's own. */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw unusable(dir, (error as NodeJS.ErrnoException).code ?? "error");
  }
  const stats = lstatSync(dir);
  if (!stats.isDirectory()) throw unusable(dir, "it is not a directory (a link is refused)");
  const refusal = ownerAndModeRefusal(stats, uid());
  if (refusal && stats.uid !== uid()) throw unusable(dir, refusal);
  if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

function unusable(dir: string, why: string): CliError {
  return configError(
    `The journal directory ${dir} cannot be used: ${why}.`,
    "Fix or remove it (or set XDG_STATE_HOME), or pass --no-journal to change variables without a way back.",
    "journal_unusable",
  );
}

const RUN_ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;
const RUN_FILE = /^(\d{8}T\d{9}Z-[0-9a-f]{6})\.jsonl$/;

/** A run ID: its start time to the millisecond (IDs sort in the order runs started) and a random part. */
export function newRunId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:.]/g, "");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}

/** Appends a run's lines; each `append` is one write of a whole line. */
export interface JournalWriter {
  readonly id: string;
  readonly path: string;
  append(line: ChangeLine | EndLine): void;
  close(): void;
}

/** Start a run's file (exclusive create, no link followed, 0600) and write its header. */
export function openRun(io: Io, header: Omit<RunHeader, "type" | "id" | "started_at">): JournalWriter {
  const dir = journalDir(io);
  ensureDir(dir);
  const now = io.now();
  const id = newRunId(now);
  const path = join(dir, `${id}.jsonl`);
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_CREAT |
        constants.O_EXCL |
        constants.O_APPEND |
        (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
  } catch (error) {
    throw unusable(dir, `cannot create ${id}.jsonl (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const write = (line: JournalLine) => {
    try {
      writeSync(fd, `${JSON.stringify(line)}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EIO";
      throw new CliError("config", `Cannot write the journal ${path} (${code}).`, {
        code: "journal_write_failed",
        hint: "Free space or fix the state directory; what was written is in the journal, and --resume finishes a run.",
      });
    }
  };
  write({ type: "run", id, started_at: now.toISOString(), ...header });
  let closed = false;
  return {
    id,
    path,
    append: write,
    close: () => {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

/** The IDs of the runs in the journal, newest first. */
export function listRunIds(io: Io): string[] {
  let names: string[];
  try {
    names = readdirSync(journalDir(io));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names
    .map((name) => RUN_FILE.exec(name)?.[1])
    .filter((id): id is string => id !== undefined)
    .sort()
    .reverse();
}

/** One run, judged before it is read; lines that do not parse (a run killed mid-line) are skipped. */
export function readRun(io: Io, id: string): JournalRun {
  if (!RUN_ID.test(id)) {
    throw new CliError("usage", `"${id}" is not a run ID.`, {
      code: "unknown_run",
      hint: "See the run IDs with licensectl history.",
    });
  }
  const path = join(journalDir(io), `${id}.jsonl`);
  if (lstatSafe(path)?.isSymbolicLink()) throw refused(path, "it is a symbolic link");
  let text: string;
  try {
    text = readRegularFile(path, {
      maxBytes: MAX_RUN_BYTES,
      judge: (stats) => ownerAndModeRefusal(stats, uid()),
    }).toString("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new CliError("usage", `No run ${id} in the journal.`, {
        code: "unknown_run",
        hint: "See the run IDs with licensectl history.",
      });
    }
    if (error instanceof RefusedFile) throw refused(path, error.reason);
    throw error;
  }
  let header: RunHeader | undefined;
  const changes: ChangeLine[] = [];
  let end: EndLine | undefined;
  for (const raw of text.split("\n")) {
    const line = parseLine(raw);
    if (line?.type === "run" && header === undefined) header = line;
    else if (line?.type === "change") changes.push(line);
    else if (line?.type === "end") end = line;
  }
  if (header?.id !== id) throw refused(path, "it does not start with this run's header");
  return { header, changes, end };
}

function refused(path: string, why: string): CliError {
  return configError(
    `The journal file ${path} was not read: ${why}.`,
    "Remove it if you did not put it there.",
    "journal_refused",
  );
}

function lstatSafe(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function parseLine(raw: string): JournalLine | undefined {
  if (raw.trim() === "") return undefined;
  try {
    const value = JSON.parse(raw) as JournalLine;
    if (typeof value !== "object" || value === null) return undefined;
    if (value.type === "run" && typeof value.id === "string" && typeof value.command === "string")
      return value;
    if (
      value.type === "change" &&
      typeof value.variable === "string" &&
      typeof value.device?.hardware_id === "string" &&
      isValue(value.before) &&
      isValue(value.after)
    )
      return value;
    if (value.type === "end" && typeof value.outcome === "string") return value;
  } catch {}
  return undefined;
}

function isValue(value: unknown): value is JournalValue {
  const state = (value as JournalValue | undefined)?.state;
  return state === "absent" || state === "unknown" || (state === "value" && "value" in (value as object));
}

/**
 * Keep the newest `keep` runs and none started more than `days` days before `now`; returns the IDs removed.
 * The run being written (`except`) is never removed.
 */
export function pruneRuns(io: Io, keep = KEEP_RUNS, days = KEEP_DAYS, except?: string): string[] {
  const cutoff = newRunId(new Date(io.now().getTime() - days * 86_400_000)).slice(0, 16);
  const removed: string[] = [];
  listRunIds(io).forEach((id, index) => {
    if (id === except) return;
    if (index >= keep || id.slice(0, 16) < cutoff) {
      rmSync(join(journalDir(io), `${id}.jsonl`), { force: true });
      removed.push(id);
    }
  });
  return removed;
}

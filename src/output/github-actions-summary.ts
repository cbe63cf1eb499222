import { closeSync, constants, fstatSync, lstatSync, openSync, writeSync } from "node:fs";
import type { VariableValue } from "../variables/variable-args.js";
import { inGitHubActions } from "./github-actions.js";
import type { Output } from "./output.js";

/** One variable a write touched: its value before and after (null: it was not there / is gone). */
export interface SummaryChange {
  readonly variable: string;
  readonly before: VariableValue | null;
  readonly after: VariableValue | null;
}

/** What one write to one device did, for $GITHUB_STEP_SUMMARY. */
export interface DeviceWriteSummary {
  /** The command, e.g. "vars apply". */
  readonly command: string;
  /** The hardware ID written to. */
  readonly device: string;
  readonly changes: readonly SummaryChange[];
  /** One line: what happened ("2 set, 1 deleted", or the failure's message). */
  readonly outcome: string;
  readonly failed: boolean;
}

/** What a write to many devices did: counts and the first failures. */
export interface FleetWriteSummary {
  readonly command: string;
  readonly devices: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped?: number;
  readonly firstFailures: ReadonlyArray<{ readonly device: string; readonly message: string }>;
}

/** Rows shown per summary: a step summary is a glance, and GitHub caps the file at 1 MiB. */
const MAX_ROWS = 50;
/** Longest value shown in a cell; the rest is cut with an ellipsis. */
const MAX_CELL = 200;

/**
 * Text licensectl did not write, made inert in Markdown (and in the HTML GitHub allows in it): one line,
 * control characters shown as \\uXXXX, every character Markdown gives a meaning escaped with a backslash,
 * `<` and `>` as entities, so a value can neither format, link, close a table cell nor inject HTML.
 */
export function escapeMarkdown(text: string): string {
  const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  return cut
    .replace(
      /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
      (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
    )
    .replace(/[\\`*_{}[\]()#+\-.!|~=$"':@&]/g, (c) => (c === "&" ? "&amp;" : `\\${c}`))
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

const shown = (value: VariableValue | null) => (value === null ? "—" : `\`${codeSpan(String(value))}\``);

/** A value inside a code span: backticks and pipes cannot end it or the cell; controls are shown escaped. */
function codeSpan(text: string): string {
  const cut = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  return cut
    .replace(
      /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
      (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`,
    )
    .replace(/`/g, "ˋ")
    .replace(/\|/g, "\\|");
}

export function deviceSummaryMarkdown(summary: DeviceWriteSummary): string {
  const mark = summary.failed ? "❌" : "✅";
  const lines = [
    `### ${mark} licensectl ${summary.command}: device ${escapeMarkdown(summary.device)}`,
    "",
    `**Outcome:** ${escapeMarkdown(summary.outcome)}`,
  ];
  if (summary.changes.length > 0) {
    // A failed write's values are what it tried to set: what the device holds now is not known.
    lines.push("", `| variable | before | ${summary.failed ? "wanted" : "after"} |`, "| --- | --- | --- |");
    for (const change of summary.changes.slice(0, MAX_ROWS)) {
      lines.push(`| ${escapeMarkdown(change.variable)} | ${shown(change.before)} | ${shown(change.after)} |`);
    }
    if (summary.changes.length > MAX_ROWS) lines.push("", `… and ${summary.changes.length - MAX_ROWS} more.`);
  }
  return `${lines.join("\n")}\n\n`;
}

export function fleetSummaryMarkdown(summary: FleetWriteSummary): string {
  const mark = summary.failed > 0 ? "❌" : "✅";
  const skipped = summary.skipped ? `, ${summary.skipped} skipped` : "";
  const lines = [
    `### ${mark} licensectl ${summary.command}: ${summary.devices} devices`,
    "",
    `**Outcome:** ${summary.succeeded} succeeded, ${summary.failed} failed${skipped}.`,
  ];
  if (summary.firstFailures.length > 0) {
    lines.push("", "| device | failure |", "| --- | --- |");
    for (const { device, message } of summary.firstFailures.slice(0, 10)) {
      lines.push(`| ${escapeMarkdown(device)} | ${escapeMarkdown(message)} |`);
    }
  }
  return `${lines.join("\n")}\n\n`;
}

/**
 * Append to $GITHUB_STEP_SUMMARY in a GitHub Actions job; anywhere else, do nothing. The file is judged
 * before the append: it must exist as a regular file (a symlink is not followed: O_NOFOLLOW, and lstat
 * before), and the file opened must be the file judged. Returns why nothing was written, or undefined.
 */
export function appendStepSummary(
  env: Readonly<Record<string, string | undefined>>,
  markdown: string,
): string | undefined {
  if (!inGitHubActions(env)) return undefined;
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return undefined;
  try {
    const before = lstatSync(path);
    if (!before.isFile()) return `${path} is not a regular file`;
    // O_NONBLOCK: a FIFO swapped in after the lstat cannot hang the open; fstat then refuses it.
    const flags =
      constants.O_WRONLY | constants.O_APPEND | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
    const fd = openSync(path, flags);
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile() || opened.ino !== before.ino || opened.dev !== before.dev) {
        return `${path} was replaced before it was written`;
      }
      writeSync(fd, markdown);
    } finally {
      closeSync(fd);
    }
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ELOOP" ? `${path} is a symbolic link` : `${path}: ${code ?? (error as Error).message}`;
  }
}

/** Whether a write should read what it replaces: only for a step summary, in GitHub Actions. */
export function stepSummaryWanted(env: Readonly<Record<string, string | undefined>>): boolean {
  return inGitHubActions(env) && Boolean(env.GITHUB_STEP_SUMMARY);
}

/** Append a write's summary (nothing outside GitHub Actions); a file refused is a warning, not a failure. */
export function summarizeWrite(
  env: Readonly<Record<string, string | undefined>>,
  out: Output,
  summary: DeviceWriteSummary | FleetWriteSummary,
): void {
  const markdown = "device" in summary ? deviceSummaryMarkdown(summary) : fleetSummaryMarkdown(summary);
  const refused = appendStepSummary(env, markdown);
  if (refused) out.warn(`The step summary was not written: ${refused}.`);
}

/** The outcome line of a failed write: the error's message. */
export function failureOutcome(error: unknown): string {
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}

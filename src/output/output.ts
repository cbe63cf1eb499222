import type { ChalkInstance } from "chalk";
import { describeSource, type Resolved } from "../config/source.js";
import { type CliError, EXIT_CODES } from "../core/cli-error.js";
import { redactUrlPasswords } from "../core/redact-url.js";
import { colorLevel, painter } from "./color-level.js";
import { cutText, MAX_CODE_CHARS, MAX_DEBUG_CHARS, MAX_MESSAGE_CHARS } from "./cut-text.js";
import { shortenId, truncateToWidth } from "./display-width.js";
import { escapeControl } from "./escape-terminal.js";
import { type AnnotationLevel, annotation, inGitHubActions } from "./github-actions.js";

export interface WritableStream {
  write(chunk: string): boolean;
  readonly isTTY?: boolean | undefined;
  /** A terminal's width, for help text and tables. */
  readonly columns?: number | undefined;
}

export interface OutputOptions {
  readonly stdout: WritableStream;
  readonly stderr: WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly color: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly debug: boolean;
}

const MIN_SCRUB_LENGTH = 4;

/**
 * The only writer to stdout and stderr. stdout gets results; stderr gets everything else, scrubbed of
 * every secret this run knows about.
 */
export class Output {
  readonly json: boolean;
  readonly debugEnabled: boolean;
  readonly stdoutIsTTY: boolean;
  /** The terminal's columns when stdout is one: tables are fitted to it. Undefined in a pipe (nothing is cut). */
  readonly tableWidth: number | undefined;
  private readonly secrets = new Set<string>();
  private readonly levels: readonly [stdout: 0 | 1 | 2 | 3, stderr: 0 | 1 | 2 | 3];
  private paints: [stdout?: ChalkInstance, stderr?: ChalkInstance] = [];

  constructor(private readonly options: OutputOptions) {
    this.json = options.json;
    this.debugEnabled = options.debug;
    this.stdoutIsTTY = options.stdout.isTTY === true;
    this.tableWidth = this.stdoutIsTTY && options.stdout.columns ? options.stdout.columns : undefined;
    this.levels = [
      colorLevel(options.stdout, options.env, options.color),
      colorLevel(options.stderr, options.env, options.color),
    ];
  }

  // Made on first use: a run that paints nothing (--json output) never loads chalk (see scripts/build.mjs).
  get stdoutPaint(): ChalkInstance {
    this.paints[0] ??= painter(this.levels[0]);
    return this.paints[0];
  }

  get stderrPaint(): ChalkInstance {
    this.paints[1] ??= painter(this.levels[1]);
    return this.paints[1];
  }

  /** Remember a secret so it can never reach stderr, even inside a server message or a stack trace. */
  addSecret(secret: string | undefined): void {
    if (secret && secret.length >= MIN_SCRUB_LENGTH) this.secrets.add(secret);
  }

  /** Known secrets become [redacted]; a URL's password becomes *** (`https://user:***@host`). */
  scrub(text: string): string {
    let out = redactUrlPasswords(text);
    for (const secret of this.secrets) out = out.split(secret).join("[redacted]");
    return out;
  }

  /** A result line (or block) on stdout. */
  result(text: string): void {
    this.options.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /**
   * The line that says what a table shows. On a terminal it heads the table on stdout (dimmed, cut to the
   * width); in a pipe stdout carries data only and the caption is dropped, as gh drops it (--debug shows it).
   */
  caption(text: string): void {
    if (!this.stdoutIsTTY) {
      this.debug(text);
      return;
    }
    // Captions quote what licensectl did not write (hardware IDs, file paths, profile names): escaped.
    const safe = escapeControl(text);
    this.result(
      this.stdoutPaint.dim(this.tableWidth === undefined ? safe : truncateToWidth(safe, this.tableWidth)),
    );
  }

  /**
   * A caption that also says something a script's user must not miss ("Dry run, nothing was sent"): on a
   * terminal it heads the table like any caption; in a pipe it goes to stderr instead of being dropped.
   */
  notice(text: string): void {
    if (this.stdoutIsTTY) this.caption(text);
    else this.info(text);
  }

  /** A hardware ID for a caption, with its source: shortened unless --debug (--json and -o tsv show it whole). */
  hardwareIdLabel(hardwareId: Resolved<string>): string {
    const id = this.debugEnabled ? hardwareId.value : shortenId(hardwareId.value);
    return `hardware ID ${escapeControl(id)} (${describeSource(hardwareId.source)})`;
  }

  /**
   * Informational line for people; dropped by --quiet. Like warn, debug and error, it shows what it is
   * given only as safe text (see shown): stderr carries config keys, paths and server text, and none of
   * them may command the terminal or flood it.
   */
  info(text: string): void {
    if (!this.options.quiet) this.stderrLine(this.shown(text, MAX_MESSAGE_CHARS));
  }

  warn(text: string): void {
    this.stderrLine(`${this.stderrPaint.yellow("warning:")} ${this.shown(text, MAX_MESSAGE_CHARS)}`);
    this.annotate("warning", "licensectl warning", text);
  }

  /** Multi-line text (a stack trace) keeps its lines; everything else in it is escaped. */
  debug(text: string): void {
    if (!this.options.debug) return;
    const lines = cutText(this.scrub(text), MAX_DEBUG_CHARS).split("\n").map(escapeControl);
    this.stderrLine(this.stderrPaint.dim(`debug: ${lines.join("\n")}`));
  }

  /** Scrubbed of secrets, cut to `max` characters, then escaped (escapeControl). */
  private shown(text: string, max: number): string {
    return escapeControl(cutText(this.scrub(text), max));
  }

  error(error: CliError): void {
    if (error.code !== "cancelled") {
      const hint = error.hint === undefined ? "" : ` Hint: ${error.hint}`;
      this.annotate("error", `licensectl: ${error.code}`, `${error.message}${hint}`);
    }
    if (this.json) {
      this.stderrLine(
        JSON.stringify({
          error: {
            kind: error.kind,
            code: cutText(error.code, MAX_CODE_CHARS),
            status: error.status ?? null,
            message: cutText(error.message, MAX_MESSAGE_CHARS),
            hint: error.hint === undefined ? null : cutText(error.hint, MAX_MESSAGE_CHARS),
            exit_code: EXIT_CODES[error.kind],
          },
        }),
      );
      return;
    }
    if (error.code === "cancelled") {
      this.stderrLine(escapeControl(error.message));
      return;
    }
    const paint = this.stderrPaint;
    const code = this.shown(error.code, MAX_CODE_CHARS);
    const details = [code, error.status === undefined ? undefined : `HTTP ${error.status}`].filter(Boolean);
    const suffix = details.length ? paint.dim(` (${details.join(", ")})`) : "";
    this.stderrLine(`${paint.red.bold("error:")} ${this.shown(error.message, MAX_MESSAGE_CHARS)}${suffix}`);
    if (error.hint) this.stderrLine(`${paint.cyan("hint:")} ${this.shown(error.hint, MAX_MESSAGE_CHARS)}`);
  }

  /**
   * In a GitHub Actions job, the same failure or warning as a workflow command, so the run's page shows it.
   * Safe text (shown) escaped by the workflow-command rules: what licensectl quotes cannot start a command.
   */
  private annotate(level: AnnotationLevel, title: string, text: string): void {
    if (!inGitHubActions(this.options.env)) return;
    this.stderrLine(
      annotation(level, this.shown(title, MAX_CODE_CHARS), this.shown(text, MAX_MESSAGE_CHARS)),
    );
  }

  private stderrLine(text: string): void {
    this.options.stderr.write(`${this.scrub(text)}\n`);
  }
}

import type { ChalkInstance } from "chalk";
import { describeSource, type Resolved } from "../config/source.js";
import { type CliError, EXIT_CODES } from "../core/cli-error.js";
import { redactUrlPasswords } from "../core/redact-url.js";
import { colorLevel, painter } from "./color-level.js";
import { cutText, MAX_CODE_CHARS, MAX_DEBUG_CHARS, MAX_MESSAGE_CHARS } from "./cut-text.js";
import { shortenId, truncateToWidth } from "./display-width.js";
import { escapeControl } from "./escape-terminal.js";
import { type AnnotationLevel, annotation, inGitHubActions } from "./github-actions.js";
import { wrapWords } from "./wrap-words.js";

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
/** A caption wraps to at most this many lines on a terminal. */
const CAPTION_LINES = 3;

export class Output {
  readonly json: boolean;
  readonly debugEnabled: boolean;
  readonly stdoutIsTTY: boolean;
  /** The terminal's columns when stdout is one: tables are fitted to it. Undefined in a pipe (nothing is cut). */
  readonly tableWidth: number | undefined;
  private readonly secrets = new Set<string>();
  private ordered: readonly string[] = [];
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

  /**
   * Remember a secret so it can never reach stderr, even inside a server message or a stack trace, in any
   * of the forms a server echoes it in: as is, URL-encoded (a form body's `client_secret=s3cr3t%2B…`) or
   * Base64 (see secretForms).
   */
  addSecret(secret: string | undefined): void {
    if (!secret || secret.length < MIN_SCRUB_LENGTH) return;
    for (const form of secretForms(secret)) this.secrets.add(form);
    // Longest first: a form that holds another (the secret inside its own encoding) goes whole.
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
  }

  /** Known secrets become [redacted]; a URL's password becomes *** (`https://user:***@host`). */
  scrub(text: string): string {
    let out = redactUrlPasswords(text);
    for (const secret of this.ordered) out = out.split(secret).join("[redacted]");
    return out;
  }

  /** A result line (or block) on stdout. */
  result(text: string): void {
    this.options.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  }

  /**
   * Lines of values licensectl did not write, for scripts (`vars get`, `device id -o env`): raw in a pipe,
   * where `$(…)` captures them byte for byte, escaped on a terminal (escapeControl) unless `raw` was asked
   * for explicitly (--raw).
   */
  values(lines: readonly string[], options: { raw?: boolean } = {}): void {
    const escaped = this.stdoutIsTTY && options.raw !== true;
    this.result(lines.map((line) => `${escaped ? escapeControl(line) : line}\n`).join(""));
  }

  /**
   * The line that says what a table shows. On a terminal it heads the table on stdout (dimmed, wrapped to
   * the width); in a pipe stdout carries data only and the caption is dropped, as gh drops it (--debug shows it).
   */
  caption(text: string): void {
    if (!this.stdoutIsTTY) {
      this.debug(text);
      return;
    }
    // Captions quote what licensectl did not write (hardware IDs, file paths, profile names): escaped.
    const safe = escapeControl(text);
    const width = this.tableWidth;
    if (width === undefined) {
      this.result(this.stdoutPaint.dim(safe));
      return;
    }
    // Wrapped at word boundaries, not cut: a caption cut at 80 columns lost its second device, its counts.
    // At most CAPTION_LINES lines (a hostile name cannot fill the screen), each fitted to the width.
    const lines = wrapWords(safe, width, 2).split("\n");
    const shown = lines.slice(0, CAPTION_LINES).map((line) => truncateToWidth(line, width));
    if (lines.length > CAPTION_LINES) shown[CAPTION_LINES - 1] = truncateToWidth(`${shown.at(-1)} …`, width);
    this.result(shown.map((line) => this.stdoutPaint.dim(line)).join("\n"));
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
            // Scrubbed before cut: a cut first leaves a secret's start that no longer matches it whole.
            code: cutText(this.scrub(error.code), MAX_CODE_CHARS),
            status: error.status ?? null,
            message: cutText(this.scrub(error.message), MAX_MESSAGE_CHARS),
            ...(error.lines.length > 0
              ? { lines: error.lines.map((line) => cutText(this.scrub(line), MAX_MESSAGE_CHARS)) }
              : {}),
            hint: error.hint === undefined ? null : cutText(this.scrub(error.hint), MAX_MESSAGE_CHARS),
            exit_code: EXIT_CODES[error.kind],
          },
        }),
      );
      return;
    }
    if (error.code === "cancelled") {
      this.stderrLine(escapeControl(this.scrub(error.message)));
      return;
    }
    const paint = this.stderrPaint;
    const code = this.shown(error.code, MAX_CODE_CHARS);
    const details = [code, error.status === undefined ? undefined : `HTTP ${error.status}`].filter(Boolean);
    const suffix = details.length ? paint.dim(` (${details.join(", ")})`) : "";
    this.stderrLine(`${paint.red.bold("error:")} ${this.shown(error.message, MAX_MESSAGE_CHARS)}${suffix}`);
    // Each line escaped on its own, indented under the message: real line breaks, none from the text itself.
    for (const line of error.lines) this.stderrLine(`  ${this.shown(line, MAX_MESSAGE_CHARS)}`);
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

/**
 * The spellings of a secret a server or a URL may carry: itself, percent-encoded (upper- and lower-case hex,
 * and a form body's `+` for a space), and Base64 (standard and URL-safe, with and without padding).
 */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const base64 = Buffer.from(secret, "utf8").toString("base64");
  const base64url = Buffer.from(secret, "utf8").toString("base64url");
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
  const forms = [
    secret,
    encoded,
    lowerHex(encoded),
    form,
    lowerHex(form),
    base64,
    base64.replace(/=+$/, ""),
    base64url,
  ];
  return [...new Set(forms)].filter((form) => form.length >= MIN_SCRUB_LENGTH);
}

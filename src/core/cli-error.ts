/**
 * Every failure licensectl reports is a CliError with a kind. The kind alone decides the exit code,
 * so scripts can branch on `$?` without parsing messages.
 */
export type ErrorKind =
  | "internal"
  | "usage"
  | "config"
  | "auth"
  | "api"
  | "network"
  | "verification"
  | "incomplete";

export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  internal: 1,
  usage: 2,
  config: 3,
  auth: 4,
  api: 5,
  network: 6,
  verification: 7,
  /** A write run finished but left something undone on purpose (undo skipped a value changed since). */
  incomplete: 8,
};

/** Exit code after Ctrl+C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;
/** Exit code after SIGTERM (128 + 15). */
export const EXIT_TERMINATED = 143;

/**
 * Exit codes that report an outcome, not a failure: no error kind maps to them, and nothing is printed as an
 * error. 10: `vars apply --dry-run` found changes pending (drift); the same run without drift exits 0.
 */
export const OUTCOME_EXIT_CODES = { changesPending: 10 } as const;

const OUTCOME = Symbol.for("licensectl.OutcomeExit");

/**
 * Thrown by a command that finished what it was asked to do and has an outcome to report in its exit code
 * (OUTCOME_EXIT_CODES); runCli returns the code and prints nothing more. Branded like CliError (two bundles).
 */
export class OutcomeExit {
  readonly [OUTCOME] = true;
  constructor(readonly exitCode: (typeof OUTCOME_EXIT_CODES)[keyof typeof OUTCOME_EXIT_CODES]) {}

  static [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" && value !== null && (value as { [OUTCOME]?: unknown })[OUTCOME] === true
    );
  }
}

export type ErrorFacts = Readonly<Record<string, string | number | undefined>>;

export interface ErrorDetails {
  /** Machine-readable code: the server's code for API errors, our own otherwise. */
  code?: string;
  /** HTTP status, when the error came from an HTTP response. */
  status?: number;
  /** What the user should do next: worded by the command layer, never by the transport. */
  hint?: string;
  /**
   * What the transport observed, for the layer above to word its advice from: the host, the time budget,
   * the status of an answer that broke off, the proxy, the endpoint. Never secrets.
   */
  facts?: ErrorFacts;
  /**
   * Lines under the message, each shown on a line of its own (a devices file's problems, one per line): the
   * message stays one line, so nothing a server or file wrote can start a line that looks like ours.
   */
  lines?: readonly string[];
  cause?: unknown;
}

const CLI_ERROR = Symbol.for("licensectl.CliError");

export class CliError extends Error {
  readonly [CLI_ERROR] = true;
  readonly kind: ErrorKind;
  readonly code: string;
  readonly status: number | undefined;
  readonly hint: string | undefined;
  readonly facts: ErrorFacts;
  readonly lines: readonly string[];

  constructor(kind: ErrorKind, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "CliError";
    this.kind = kind;
    this.code = details.code ?? kind;
    this.status = details.status;
    this.hint = details.hint;
    this.facts = details.facts ?? {};
    this.lines = details.lines ?? [];
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }

  /**
   * dist/ holds two bundles (the CLI core and the commands), each with its own copy of this module: an error
   * made by either copy must pass `instanceof CliError` in the other, so the check is by brand.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return (
      typeof value === "object" && value !== null && (value as { [CLI_ERROR]?: unknown })[CLI_ERROR] === true
    );
  }
}

/** The same error with advice added, unless it has some already. */
export function withHint(error: CliError, hint: string | undefined): CliError {
  if (error.hint !== undefined || hint === undefined) return error;
  const copy = new CliError(error.kind, error.message, {
    code: error.code,
    status: error.status,
    hint,
    facts: error.facts,
    lines: error.lines,
    cause: error.cause,
  });
  copy.stack = error.stack;
  return copy;
}

export function usageError(
  message: string,
  hint?: string,
  code = "invalid_usage",
  lines?: readonly string[],
): CliError {
  return new CliError("usage", message, { code, hint, ...(lines ? { lines } : {}) });
}

export function configError(message: string, hint?: string, code = "invalid_config"): CliError {
  return new CliError("config", message, { code, hint });
}

/**
 * The person answered "no": not a failure to report but a choice to respect. Output shows the message alone
 * (no "error:" prefix, no hint); the exit code is 2, as gh exits on a cancelled prompt, so `&&` chains stop.
 */
export function cancelledError(message: string): CliError {
  return new CliError("usage", message, { code: "cancelled" });
}

export function isCliError(error: unknown): error is CliError {
  return error instanceof CliError;
}

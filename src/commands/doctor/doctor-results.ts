import type { ResolvedSettings } from "../../config/resolve.js";
import { CliError } from "../../core/cli-error.js";

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly fix?: string | undefined;
  /** The failure behind a "fail", deciding the exit code: the one the failing command would have. */
  readonly error?: CliError | undefined;
}

/** Each network check gets its own short budget, so a bad connection cannot stall the whole report. */
export const CHECK_TIMEOUT_MS = 5_000;

const CHECK_TIMEOUT_FIX =
  `No answer within this check's budget (${CHECK_TIMEOUT_MS / 1000} s at most, less with a lower --timeout): ` +
  "the server is slow or out of reach from here. Check the network or proxy; a command itself can be given " +
  "more time with --timeout.";

export const failed = (name: string, error: unknown): CheckResult => {
  const cause = error instanceof CliError ? error : new CliError("internal", String(error));
  // A command's timeout hint says to raise --timeout, which cannot lift doctor's own cap per check.
  const fix = cause.code === "timeout" ? CHECK_TIMEOUT_FIX : cause.hint;
  return { name, status: "fail", detail: cause.message, fix, error: cause };
};

export const skipped = (name: string, detail: string): CheckResult => ({ name, status: "skip", detail });

export function timeoutFor(settings: ResolvedSettings): number {
  return Math.min(settings.timeout?.value ?? CHECK_TIMEOUT_MS, CHECK_TIMEOUT_MS);
}

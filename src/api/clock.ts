import { CliError } from "../core/cli-error.js";
import type { HttpResponse } from "./http.js";
import { readServerError } from "./server-error.js";

const CLOCK_REFUSED = "date_header_diff";

/** Did the server refuse the request because our Date header is too far from its clock? */
export function isClockRefusal(response: HttpResponse, body: unknown): boolean {
  return response.status >= 400 && readServerError(response.status, body).code === CLOCK_REFUSED;
}

/** Server time minus local time, read from the response's Date header; undefined without a usable one. */
export function serverClockOffset(response: HttpResponse, localNow: Date): number | undefined {
  const serverNow = Date.parse(response.headers.get("date") ?? "");
  return Number.isNaN(serverNow) ? undefined : serverNow - localNow.getTime();
}

/**
 * The most a refusal may move this run's clock. The API accepts a Date within 15 minutes of its own; a clock
 * a little further off is skew worth correcting, but hours or years are not: a server naming such a date
 * would get requests signed for a moment of its choosing (a signature it could replay then).
 */
export const MAX_CORRECTION_MS = 60 * 60_000;

/** A clock refusal that names a date too far from this machine's to be a skew: nothing is re-signed. */
export function implausibleClock(response: HttpResponse, body: unknown, offsetMs: number): CliError {
  const error = readServerError(response.status, body);
  const said = response.headers.get("date") ?? "";
  return new CliError("auth", `${error.message} (the server's Date header says ${said}).`, {
    code: error.code,
    status: error.status,
    // The session words the advice from how far off the server's date is (src/sessions/error-advice.ts).
    facts: { offsetMs },
  });
}

/** "about 3 hours", "about 3287 days": a distance too large for minutes and seconds. */
export function roughly(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `about ${Math.round(hours / 24)} days` : `about ${Math.round(hours)} hours`;
}

/** How this machine's clock stands against the server's, from local minus server time: "20m 3s behind". */
export function formatOffset(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  if (seconds === 0) return "in step with";
  const text = seconds >= 60 ? `${Math.floor(seconds / 60)}m ${seconds % 60}s` : `${seconds}s`;
  return `${text} ${offsetMs > 0 ? "ahead of" : "behind"}`;
}

/** The warning after a correction; `serverMinusLocalMs` is what was added to this machine's time. */
export function skewWarning(serverMinusLocalMs: number): string {
  const offset = formatOffset(-serverMinusLocalMs);
  return `this machine's clock is ${offset} the server; corrected for this run — sync it (NTP).`;
}

/** A clock refusal that cannot be corrected: the server did not say what time it is. */
export function uncorrectableClock(response: HttpResponse, body: unknown): CliError {
  const error = readServerError(response.status, body);
  return new CliError("auth", error.message, {
    code: error.code,
    status: error.status,
    hint:
      "The server refused this machine's clock (the Date header must be within 15 minutes of server time) and " +
      "sent no Date header to correct it with. Sync the clock (NTP) and retry.",
  });
}

import { CliError } from "../errors.js";
import { readServerError } from "./errors.js";
import type { HttpResponse } from "./http.js";

export const CLOCK_REFUSED = "date_header_diff";

/** Did the server refuse the request because our Date header is too far from its clock? */
export function isClockRefusal(response: HttpResponse, body: unknown): boolean {
  return response.status >= 400 && readServerError(response.status, body).code === CLOCK_REFUSED;
}

/** Server time minus local time, read from the response's Date header; undefined without a usable one. */
export function serverClockOffset(response: HttpResponse, localNow: Date): number | undefined {
  const serverNow = Date.parse(response.headers.get("date") ?? "");
  return Number.isNaN(serverNow) ? undefined : serverNow - localNow.getTime();
}

/** "20m 3s behind" / "1h 2m ahead of": how this machine's clock stands against the server's. */
export function describeSkew(offsetMs: number): string {
  let seconds = Math.round(Math.abs(offsetMs) / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts = [hours ? `${hours}h` : "", minutes ? `${minutes}m` : "", seconds ? `${seconds}s` : ""];
  const amount = parts.filter(Boolean).join(" ") || "0s";
  return offsetMs > 0 ? `${amount} behind` : `${amount} ahead of`;
}

export function skewWarning(offsetMs: number): string {
  return `this machine's clock is ${describeSkew(offsetMs)} the server; corrected for this run — sync it (NTP).`;
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

import { CliError, type ErrorKind } from "../core/cli-error.js";

/** Server codes that mean "who you are" was refused, whatever the HTTP status says (spec 3.3). */
const AUTH_CODES = new Set([
  "date_header_diff",
  "signature_mismatch",
  "invalid_api_key",
  "revoked_api_key",
  "read_only_api_key",
  "hmac_required",
  "missing_headers",
  "api_key_product_not_allowed",
  "invalid_token",
]);

export function isAuthCode(code: string): boolean {
  return AUTH_CODES.has(code) || code.startsWith("authorization_");
}

export interface ServerError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Read `{status, code, message}` (License API) or `{detail}` (Management API, DRF) liberally: any missing
 * field gets a stand-in.
 */
export function readServerError(status: number, body: unknown): ServerError {
  const fields = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  const code = text(fields.code) ?? `http_${status}`;
  const message = text(fields.message) ?? text(fields.detail) ?? `HTTP ${status} without details`;
  return { status, code, message };
}

export function errorKindFor(error: ServerError): ErrorKind {
  if (error.status >= 500) return "network";
  if (error.status === 401 || error.status === 403 || isAuthCode(error.code)) return "auth";
  return "api";
}

/** A server's error answer as a CliError: its code, status and message, as the server gave them. */
export function apiError(error: ServerError): CliError {
  return new CliError(errorKindFor(error), error.message, { code: error.code, status: error.status });
}

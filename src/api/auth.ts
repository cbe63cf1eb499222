import { createHmac } from "node:crypto";
import { CliError } from "../core/cli-error.js";

/** The string LicenseSpring signs: no trailing newline. */
export function signingString(date: string): string {
  return `licenseSpring\ndate: ${date}`;
}

/** Base64 HMAC-SHA256 of the signing string, keyed with the shared key as UTF-8 text. */
export function hmacSignature(sharedKey: string, date: string): string {
  return createHmac("sha256", sharedKey).update(signingString(date)).digest("base64");
}

export function hmacAuthorization(apiKey: string, sharedKey: string, date: string): string {
  return `algorithm="hmac-sha256",headers="date",signature="${hmacSignature(sharedKey, date)}",apikey="${apiKey}"`;
}

export type AuthMode =
  | { readonly type: "api-key"; readonly apiKey: string; readonly sharedKey: string }
  | {
      readonly type: "oauth";
      readonly clientId: string;
      readonly clientSecret: string;
      readonly tokenUrl: string;
    };

export function describeAuthMode(mode: AuthMode): string {
  return mode.type === "oauth"
    ? `OAuth client credentials (client ${mode.clientId})`
    : "API key + shared key (HMAC)";
}

/** The secrets a mode carries, so output can be checked and scrubbed for them. */
export function authSecrets(mode: AuthMode): string[] {
  return mode.type === "oauth" ? [mode.clientSecret] : [mode.apiKey, mode.sharedKey];
}

export function tokenRefused(status: number, body: unknown): CliError {
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof fields.error === "string" ? fields.error : `http_${status}`;
  const description = typeof fields.error_description === "string" ? `: ${fields.error_description}` : "";
  return new CliError(
    "auth",
    `The OAuth token endpoint refused the client credentials (${code}${description}).`,
    {
      code: "oauth_token_refused",
      status,
      facts: { endpoint: "token" },
    },
  );
}

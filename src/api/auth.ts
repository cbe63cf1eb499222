import { createHmac } from "node:crypto";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource } from "../config/source.js";
import { CliError, configError } from "../core/cli-error.js";

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

/**
 * OAuth client credentials when both are configured, else API key + shared key.
 * Half a pair, or neither, is a configuration error naming what to set.
 */
export function selectAuthMode(settings: ResolvedSettings): AuthMode {
  const { apiKey, sharedKey, clientId, clientSecret, tokenUrl } = settings;
  if (clientId && clientSecret && tokenUrl) {
    return {
      type: "oauth",
      clientId: clientId.value,
      clientSecret: clientSecret.value,
      tokenUrl: tokenUrl.value,
    };
  }
  if (apiKey && sharedKey) return { type: "api-key", apiKey: apiKey.value, sharedKey: sharedKey.value };
  const half = halfPair(settings);
  if (half) throw configError(half, undefined, "missing_credentials");
  throw configError(
    "No License API credentials are configured.",
    "Set apiKey and sharedKey (LICENSECTL_API_KEY, LICENSECTL_SHARED_KEY), or clientId and clientSecret " +
      "(LICENSECTL_CLIENT_ID, LICENSECTL_CLIENT_SECRET) for OAuth, in the environment or a config file. " +
      "To try licensectl locally, run `licensectl emulator --write-config <file>`.",
    "missing_credentials",
  );
}

function halfPair(settings: ResolvedSettings): string | undefined {
  const pairs = [
    ["apiKey", "sharedKey", "LICENSECTL_API_KEY", "LICENSECTL_SHARED_KEY"],
    ["clientId", "clientSecret", "LICENSECTL_CLIENT_ID", "LICENSECTL_CLIENT_SECRET"],
  ] as const;
  for (const [a, b, envA, envB] of pairs) {
    const has = settings[a];
    const hasOther = settings[b];
    if (has && !hasOther)
      return `${a} is set (${describeSource(has.source)}) but ${b} is missing: set ${b} or ${envB}.`;
    if (hasOther && !has) {
      return `${b} is set (${describeSource(hasOther.source)}) but ${a} is missing: set ${a} or ${envA}.`;
    }
  }
  return undefined;
}

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

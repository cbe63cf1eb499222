import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type ApiFailure, failure } from "./error-responses.js";
import type { EmulatorEnv, Route, TokenStore } from "./routes.js";
import type { State } from "./state.js";

export const TOKEN_PATH = "/auth/realms/user-portal/protocol/openid-connect/token";

/** The OAuth client-credentials token endpoint (answers are not signed, as with the real one). */
export function oauthRoutes(env: EmulatorEnv): Route[] {
  return [
    {
      method: "POST",
      path: TOKEN_PATH,
      handle: ({ body }) => ({
        ...issueToken(
          env.state,
          env.tokens,
          new URLSearchParams(typeof body === "string" ? body : ""),
          env.now(),
        ),
        signed: false,
      }),
    },
  ];
}

/** The service accepts a Date at most 15 minutes away from its own clock. */
export const DATE_WINDOW_MS = 15 * 60 * 1000;
export const TOKEN_LIFETIME_S = 480;

/**
 * Check Date and Authorization as the License API does (spec section 3), independently of the client's
 * code: HMAC over "licenseSpring\ndate: <Date>" with the shared key, or a bearer token it issued.
 */
export function checkAuthorization(
  state: State,
  store: TokenStore,
  headers: IncomingHttpHeaders,
  write: boolean,
  now: number,
): ApiFailure | undefined {
  const date = headers.date;
  const authorization = headers.authorization;
  if (!date || !authorization)
    return failure(400, "missing_headers", "Missing required headers: date, authorization");
  const sent = Date.parse(date);
  if (Number.isNaN(sent) || Math.abs(now - sent) > DATE_WINDOW_MS) {
    return failure(400, "date_header_diff", "Date header differs from server time by more than 15 minutes");
  }
  if (authorization.startsWith("Bearer ")) {
    const expires = store.tokens.get(authorization.slice("Bearer ".length).trim());
    return expires !== undefined && expires > now
      ? undefined
      : failure(401, "invalid_token", "Invalid or expired access token");
  }
  const params = Object.fromEntries(
    [...authorization.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]?.toLowerCase(), m[2]]),
  );
  const { algorithm, headers: signed, signature, apikey } = params;
  if (!algorithm || !signed || !signature || !apikey) {
    return failure(400, "authorization_missing_params", "Authorization header is missing parameters");
  }
  if (algorithm.toLowerCase() !== "hmac-sha256" || signed.toLowerCase() !== "date") {
    return failure(400, "authorization_invalid_headers", "Unsupported algorithm or signed headers");
  }
  const key = state.apiKeys.get(apikey);
  if (!key) return failure(401, "invalid_api_key", "Invalid API key");
  if (key.revoked) return failure(401, "revoked_api_key", "API key has been revoked");
  const expected = createHmac("sha256", key.sharedKey).update(`licenseSpring\ndate: ${date}`).digest();
  const given = Buffer.from(signature, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return failure(401, "signature_mismatch", "Signature mismatch");
  }
  if (write && key.readOnly) return failure(403, "read_only_api_key", "This API key is read-only");
  return undefined;
}

/** OAuth client credentials grant (application/x-www-form-urlencoded). */
export function issueToken(
  state: State,
  store: TokenStore,
  form: URLSearchParams,
  now: number,
): { status: number; body: Record<string, unknown> } {
  if (form.get("grant_type") !== "client_credentials") {
    return {
      status: 400,
      body: { error: "unsupported_grant_type", error_description: "Unsupported grant type" },
    };
  }
  const clientId = form.get("client_id") ?? "";
  const secret = state.oauthClients.get(clientId);
  const given = Buffer.from(form.get("client_secret") ?? "");
  if (
    secret === undefined ||
    given.length !== Buffer.byteLength(secret) ||
    !timingSafeEqual(given, Buffer.from(secret))
  ) {
    return {
      status: 401,
      body: { error: "invalid_client", error_description: "Invalid client or Invalid client credentials" },
    };
  }
  forgetExpired(store, now);
  const token = randomBytes(32).toString("base64url");
  store.tokens.set(token, now + TOKEN_LIFETIME_S * 1000);
  return {
    status: 200,
    body: { access_token: token, expires_in: TOKEN_LIFETIME_S, token_type: "Bearer", scope: "profile email" },
  };
}

/** Drop tokens past their expiry, so a long-running emulator holds at most one lifetime's worth. */
function forgetExpired(store: TokenStore, now: number): void {
  for (const [token, expires] of store.tokens) if (expires <= now) store.tokens.delete(token);
}

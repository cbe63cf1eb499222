import type { KeyObject } from "node:crypto";
import { CliError } from "../core/cli-error.js";
import { assertHeaderSafe, isHeaderSafe } from "../core/header-safe.js";
import { MAX_JSON_DEPTH, nestsDeeperThan } from "../core/json-depth.js";
import { type AuthMode, hmacAuthorization, tokenRefused } from "./auth.js";
import {
  implausibleClock,
  isClockRefusal,
  MAX_CORRECTION_MS,
  serverClockOffset,
  skewWarning,
  uncorrectableClock,
} from "./clock.js";
import { type HttpResponse, send, type TransportOptions } from "./http.js";
import { afterAttempts } from "./network-errors.js";
import { apiError, readServerError } from "./server-error.js";
import { SIGNATURE_HEADER, verifyLicenseSignature } from "./signature.js";

export interface LicenseApiOptions extends TransportOptions {
  readonly baseUrl: string;
  readonly auth: AuthMode;
  readonly userAgent: string;
  /** undefined: responses are not verified (--no-verify-signature). */
  readonly publicKey: KeyObject | undefined;
  readonly now: () => Date;
  /** A warning for the user on stderr (a corrected clock). */
  readonly warn: (line: string) => void;
  /** Learns every secret the client obtains at run time (OAuth tokens), so output can be scrubbed. */
  readonly onSecret: (secret: string) => void;
}

export interface LicenseApi {
  get(path: string, query: Readonly<Record<string, string>>): Promise<unknown>;
  post(path: string, body: unknown): Promise<unknown>;
  /**
   * This run's clock: local time corrected only by the offset a clock refusal measured in this run. An
   * object, not a method, so that wrappers of the calls (transport advice) leave it synchronous.
   */
  readonly clock: RunClock;
}

/** This machine's time, and the offset to the server's that a clock refusal measured in this run (else 0). */
export interface RunClock {
  /** Local time plus offsetMs(). */
  now(): Date;
  offsetMs(): number;
}

const TOKEN_EARLY_REFRESH_MS = 30_000;

/** A clock this far off the server's is corrected; closer than that, a refusal has another cause. */
const MIN_CORRECTION_MS = 1_000;

/**
 * The one way licensectl talks to the License API: signs each request (Date + HMAC or bearer token),
 * maps every failure to a CliError, and returns a body only after its LicenseSignature verified.
 * A request refused for a skewed clock is signed again, once, with the server's time (if within an hour).
 */
export function createLicenseApi(options: LicenseApiOptions): LicenseApi {
  const base = options.baseUrl.replace(/\/+$/, "");
  if (options.auth.type === "api-key") assertHeaderSafe("apiKey", options.auth.apiKey);
  let token: { value: string; expiresAt: number } | undefined;
  let clockOffsetMs = 0;

  async function authorization(date: string): Promise<string> {
    if (options.auth.type === "api-key")
      return hmacAuthorization(options.auth.apiKey, options.auth.sharedKey, date);
    if (!token || token.expiresAt - TOKEN_EARLY_REFRESH_MS <= options.now().getTime()) {
      token = await fetchToken(options.auth, options);
    }
    return `Bearer ${token.value}`;
  }

  function exchange(method: "GET" | "POST", url: string, body?: string): Promise<HttpResponse> {
    return send(async () => {
      const date = new Date(options.now().getTime() + clockOffsetMs).toUTCString();
      return {
        method,
        url,
        headers: {
          Date: date,
          Authorization: await authorization(date),
          Accept: "application/json",
          "Content-Type": "application/json",
          "User-Agent": options.userAgent,
        },
        ...(body === undefined ? {} : { body }),
      };
    }, options);
  }

  async function call(method: "GET" | "POST", path: string, url: string, body?: string): Promise<unknown> {
    const response = await exchange(method, url, body);
    // Parsed once (depth scan and JSON.parse), whether or not it turns out to be a clock refusal.
    const parsed = parseJson(response.body);
    const refused = parsed.ok ? parsed.value : undefined;
    if (!isClockRefusal(response, refused)) return readResponse(response, parsed, path, options);
    const offset = serverClockOffset(response, options.now());
    if (offset === undefined) throw uncorrectableClock(response, refused);
    if (Math.abs(offset - clockOffsetMs) < MIN_CORRECTION_MS)
      return readResponse(response, parsed, path, options);
    if (Math.abs(offset) > MAX_CORRECTION_MS) throw implausibleClock(response, refused, offset);
    clockOffsetMs = offset;
    options.warn(skewWarning(offset));
    const retried = await exchange(method, url, body);
    return readResponse(retried, parseJson(retried.body), path, options);
  }

  return {
    get(path, query) {
      const search = new URLSearchParams(query).toString();
      return call("GET", path, `${base}/${path}${search ? `?${search}` : ""}`);
    },
    post(path, body) {
      return call("POST", path, `${base}/${path}`, JSON.stringify(body));
    },
    clock: {
      now: () => new Date(options.now().getTime() + clockOffsetMs),
      offsetMs: () => clockOffsetMs,
    },
  };
}

function readResponse(
  response: HttpResponse,
  parsed: ReturnType<typeof parseJson>,
  path: string,
  options: LicenseApiOptions,
): unknown {
  if (response.status >= 400) {
    const error = readServerError(response.status, parsed.ok ? parsed.value : undefined);
    throw afterAttempts(apiError(error), response.attempts);
  }
  if (!parsed.ok) throw parsed.tooDeep ? nestedTooDeep(path) : notJson(response, path);
  if (options.publicKey) {
    verifyLicenseSignature(parsed.value, response.headers.get(SIGNATURE_HEADER), options.publicKey);
    options.debug(`  ${SIGNATURE_HEADER} verified`);
  } else {
    options.debug(`  ${SIGNATURE_HEADER} not checked (verification is off)`);
  }
  return parsed.value;
}

async function fetchToken(
  auth: Extract<AuthMode, { type: "oauth" }>,
  options: LicenseApiOptions,
): Promise<{ value: string; expiresAt: number }> {
  options.debug(`OAuth: requesting a token for client ${auth.clientId}`);
  const response = await send(
    () => ({
      method: "POST",
      url: auth.tokenUrl,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
        "User-Agent": options.userAgent,
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: auth.clientId,
        client_secret: auth.clientSecret,
      }).toString(),
    }),
    { ...options, endpoint: "token" },
  );
  const parsed = parseJson(response.body);
  if (response.status >= 500) {
    const failed = new CliError("network", `The OAuth token endpoint failed with HTTP ${response.status}.`, {
      code: "token_endpoint_failed",
      status: response.status,
      facts: { endpoint: "token" },
    });
    throw afterAttempts(failed, response.attempts);
  }
  if (response.status >= 400) {
    throw afterAttempts(
      tokenRefused(response.status, parsed.ok ? parsed.value : undefined),
      response.attempts,
    );
  }
  const body = (parsed.ok ? parsed.value : undefined) as
    | { access_token?: unknown; expires_in?: unknown }
    | undefined;
  // A token that a header cannot carry (a CR/LF, a space) would fail as an unreachable server, or split it.
  if (typeof body?.access_token !== "string" || !isHeaderSafe(body.access_token)) {
    throw new CliError("network", "The OAuth token endpoint answered without an access_token.", {
      code: "invalid_response",
      status: response.status,
      facts: { endpoint: "token" },
    });
  }
  options.onSecret(body.access_token);
  const lifetime = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
  return { value: body.access_token, expiresAt: options.now().getTime() + lifetime * 1000 };
}

/**
 * The body as JSON, or why not. Nesting beyond MAX_JSON_DEPTH is refused before parsing: verifying the
 * signature re-serialises the body, and JSON.stringify overflows the stack on a few thousand levels.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; tooDeep?: true } {
  if (nestsDeeperThan(text)) return { ok: false, tooDeep: true };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function nestedTooDeep(path: string): CliError {
  return new CliError(
    "network",
    `The server's answer to ${path} nests JSON deeper than ${MAX_JSON_DEPTH} levels; it was not read.`,
    { code: "invalid_response", facts: { answer: "too_deep" } },
  );
}

function notJson(response: HttpResponse, path: string): CliError {
  const type = response.headers.get("content-type") ?? "no content type";
  return new CliError(
    "network",
    `The server answered ${path} with HTTP ${response.status} but the body is not JSON (${type}).`,
    {
      code: "invalid_response",
      status: response.status,
      facts: { contentType: type },
    },
  );
}

import { MAX_CORRECTION_MS, roughly } from "../api/clock.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved } from "../config/source.js";
import { CliError, withHint } from "../core/cli-error.js";
import { isLoopbackUrl } from "../core/loopback.js";

/**
 * What to do next after a failure, keyed by the error's code: the one advice table. The transport (src/api)
 * reports facts only (CliError.code, .status, .facts: the host, the time budget, the status of an answer that
 * broke off, the proxy, the endpoint, the listing); this module words the advice, naming the setting, where its
 * value came from, and the flag that changes it.
 */
export interface AdviceContext {
  /** The base URL setting the client talks to, e.g. `apiUrl`, and its resolved value. */
  readonly urlKey: string;
  readonly url: Resolved<string>;
  /** The OAuth token endpoint, for failures of the token request. */
  readonly tokenUrl?: Resolved<string> | undefined;
  /** What this run sent to the License API: advice for its error answers names each value and its source. */
  readonly sent?: SentValues | undefined;
  /** Advice for an error answer of another API (the Management API), by HTTP status. */
  readonly statusHint?: ((status: number) => string | undefined) | undefined;
}

/** The values a License API request carried, each with where it came from. */
export interface SentValues {
  readonly settings: ResolvedSettings;
  readonly hardwareId: Resolved<string>;
  readonly license: Resolved<string> & { readonly kind: string };
}

/**
 * Advice for one code: from the error's facts alone (given wherever the error is caught, runCli included), or
 * from the run's context too (`run` is undefined where there is none: the entry then gives nothing).
 */
type Advice = (error: CliError, run: AdviceContext | undefined) => string | undefined;

const MORE_TIME =
  "allow more time with --timeout <ms> (LICENSECTL_TIMEOUT), check your network or proxy, or retry later.";

export const VERIFY_ADVICE =
  "Check publicKey (LICENSECTL_PUBLIC_KEY) matches the server (the emulator prints its own key), and that no " +
  "proxy rewrites responses. --no-verify-signature skips the check, trusting whatever answers.";

const REWRITTEN =
  "Check that apiUrl points at the LicenseSpring License API and that no proxy rewrites its answers; retry later.";

/** How to narrow a listing too long to act on, by what it listed (facts.listing). */
const NARROW: Readonly<Record<string, string>> = {
  devices: "Name one license (--license-key, --username or --license-id) or pass --hardware-id.",
  licenses: "Name one license (--license-key, --username or --license-id) instead of a whole product.",
  device_variables:
    "No device holds that many variables: check that the Management API URL points at LicenseSpring.",
};

/** Transport failures: advice from the facts and the URL the run talks to. */
const TRANSPORT: Readonly<Record<string, Advice>> = {
  timeout: (error, run) => {
    if (error.facts.listing !== undefined)
      return "--timeout bounds the whole listing, every page together: raise it (e.g. --timeout 120000) or narrow the listing.";
    return run && withProxy(timeoutAdvice(error.facts.answered), error);
  },
  connection_failed: (error, run) => {
    if (!run) return undefined;
    if (error.facts.answered !== undefined) {
      return withProxy(
        "The connection broke while the server was answering: retry, or check your network or proxy.",
        error,
      );
    }
    const token = error.facts.endpoint === "token";
    return (
      proxyAdvice(error) ?? unreachableAdvice(token ? "tokenUrl" : run.urlKey, token ? run.tokenUrl : run.url)
    );
  },
  tls_handshake_failed: (error, run) => {
    const token = error.facts.endpoint === "token";
    return run && tlsHandshakeAdvice(token ? "tokenUrl" : run.urlKey, token ? run.tokenUrl : run.url);
  },
  response_too_large: (_error, run) =>
    run && `Check that ${run.urlKey} points at the right API, not at another service or a proxy page.`,
  invalid_response: (error, run) => {
    if (error.facts.answer === "too_deep")
      return "Check that apiUrl points at the LicenseSpring License API (v4); no answer of it is nested that deep.";
    if (error.facts.answer === "device_licenses")
      return "Check that apiUrl points at the LicenseSpring License API (v4).";
    if (!run) return undefined;
    return error.facts.endpoint === "token"
      ? "Check tokenUrl (LICENSECTL_TOKEN_URL) points at the OAuth token endpoint."
      : `Check that ${run.urlKey} ${run.url.value} (${describeSource(run.url.source)}) points at the LicenseSpring API; a proxy or captive portal may be answering instead.`;
  },
  signature_missing: (_error, run) => run && VERIFY_ADVICE,
  signature_invalid: (_error, run) => run && VERIFY_ADVICE,
  token_endpoint_failed: (_error, run) => run && "The OAuth token endpoint failed on its side: retry later.",
  oauth_token_refused: (_error, run) =>
    run && "Check clientId and clientSecret (LICENSECTL_CLIENT_ID, LICENSECTL_CLIENT_SECRET) and tokenUrl.",
};

/** Answers that do not answer the request (src/api/answer-checks.ts and the listings): the facts say enough. */
const ANSWERS: Readonly<Record<string, Advice>> = {
  unconfirmed_write: () =>
    "The device's variables are now unknown: read them with `licensectl vars list`, and check that apiUrl points at the LicenseSpring License API.",
  mixed_devices: () => REWRITTEN,
  duplicate_variable: () => REWRITTEN,
  other_device: () =>
    "Check that apiUrl points at the LicenseSpring License API and that no proxy replays its answers; list the devices again with `licensectl devices list`.",
  device_answered_twice: () =>
    "Check that apiUrl points at the LicenseSpring License API and that no proxy replays its answers; read each device alone with `licensectl vars list --hardware-id …`.",
  listing_too_long: (error) =>
    typeof error.facts.listing === "string" ? NARROW[error.facts.listing] : undefined,
  listing_mismatch: () =>
    "The server ignored a filter, or is not the LicenseSpring Management API: check managementUrl (LICENSECTL_MANAGEMENT_URL), and do not retry until its listings match what is asked.",
};

/**
 * The License API's error codes: what to do next, phrased with what this run actually sent and where each
 * value came from (support staff debugging a device need "which ID, from where" more than anything).
 */
const SERVER: Readonly<Record<string, (sent: SentValues) => string>> = {
  date_header_diff: () =>
    "The server refused this machine's clock: the Date header must be within 15 minutes of server time. Sync the clock (NTP) and retry.",
  signature_mismatch: ({ settings }) =>
    `The HMAC signature did not match: ${secretFrom(settings, "sharedKey")} does not belong to ${secretFrom(settings, "apiKey")}.`,
  invalid_api_key: ({ settings }) =>
    `The server does not know this API key: check ${secretFrom(settings, "apiKey")}.`,
  revoked_api_key: ({ settings }) =>
    `This API key was revoked: create a new one in the LicenseSpring platform and update ${secretFrom(settings, "apiKey")}.`,
  read_only_api_key: () => "This API key is read-only: writing variables needs a key with write access.",
  hmac_required: () => "The server requires HMAC-signed requests: configure apiKey and sharedKey.",
  missing_headers: () =>
    "The server did not receive the Date or Authorization header: a proxy may be stripping them.",
  api_key_product_not_allowed: ({ settings }) =>
    `This API key may not be used for ${from(settings, "product")}.`,
  invalid_token: () => "The server refused the OAuth token: check clientId, clientSecret and tokenUrl.",
  unknown_product: ({ settings }) => `No product with that short code: check ${from(settings, "product")}.`,
  license_not_found: ({ license }) =>
    `No such license for this product: check ${license.kind} ${JSON.stringify(license.value)} (${describeSource(license.source)}).`,
  user_not_found: ({ settings }) => `No license user with that e-mail: check ${from(settings, "username")}.`,
  license_not_active: () => "The license is not active: activate it in the LicenseSpring platform first.",
  license_not_enabled: () => "The license is disabled: enable it in the LicenseSpring platform first.",
  device_not_found: ({ hardwareId }) => deviceNotFoundHint(hardwareId),
  blacklisted: ({ hardwareId }) =>
    `This device is blacklisted for the license. ${describeSentDevice(hardwareId)}`,
  missing_parameters: () => "The request lacked a required field: check product and licenseKey or username.",
  validation_error: () => "The server rejected a field's value: see the message above.",
  not_found: () => "The endpoint was not found: check apiUrl ends in /api/v4.",
};

/** A clock refusal naming a date too far off to correct (src/api/clock.ts): its facts say how far. */
function implausibleClockAdvice(error: CliError): string | undefined {
  const { offsetMs } = error.facts;
  if (typeof offsetMs !== "number") return undefined;
  return (
    `That is ${roughly(Math.abs(offsetMs))} from this machine's clock, more than the ` +
    `${MAX_CORRECTION_MS / 60_000} minutes licensectl corrects, so the request was not signed again with it. ` +
    "Check this machine's clock and time zone (NTP) and the apiUrl you use; retry once the clocks agree."
  );
}

/** The advice for one failure, or undefined when there is nothing useful to add. */
export function transportAdvice(error: CliError, run: AdviceContext): string | undefined {
  return adviceFor(error, run);
}

function adviceFor(error: CliError, run: AdviceContext | undefined): string | undefined {
  const clock = implausibleClockAdvice(error);
  if (clock) return clock;
  const entry = TRANSPORT[error.code] ?? ANSWERS[error.code];
  if (entry) return entry(error, run);
  if (!run || error.facts.endpoint === "token" || error.status === undefined) return undefined;
  if (run.statusHint) return run.statusHint(error.status);
  if (!run.sent) return undefined;
  const server = SERVER[error.code];
  if (server) return server(run.sent);
  if (error.code.startsWith("authorization_"))
    return "The Authorization header was refused: check apiKey and sharedKey.";
  if (error.status >= 500) return "The License API failed on its side: retry later.";
  if (error.status === 401 || error.status === 403)
    return "The server refused these credentials: check them with `licensectl config show`.";
  return undefined;
}

/**
 * Advice that needs no session: for a failure that reached runCli with no hint (found above a client, or by
 * a client no session advised), from its code and facts alone.
 */
export function standaloneAdvice(error: CliError): string | undefined {
  return adviceFor(error, undefined);
}

/** An API client whose every failure carries advice: each method's CliError gets `transportAdvice`. */
export function advised<T extends object>(api: T, context: AdviceContext): T {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(api)) {
    wrapped[name] =
      typeof method === "function"
        ? async (...args: unknown[]) => {
            try {
              return await method.apply(api, args);
            } catch (error) {
              throw error instanceof CliError ? withHint(error, transportAdvice(error, context)) : error;
            }
          }
        : method;
  }
  return wrapped as T;
}

function from(settings: ResolvedSettings, key: keyof ResolvedSettings): string {
  const setting = settings[key];
  return setting
    ? `${key} ${JSON.stringify(setting.value)} (${describeSource(setting.source)})`
    : `${key} (not set)`;
}

function secretFrom(settings: ResolvedSettings, key: "apiKey" | "sharedKey" | "clientSecret"): string {
  const setting = settings[key];
  return setting ? `${key} (${describeSource(setting.source)})` : `${key} (not set)`;
}

/** Which device this run asked for: the hardware ID (and license ID, if any), each with its source. */
export function describeSentDevice(hardwareId: Resolved<string>, licenseId?: Resolved<number>): string {
  const license = licenseId ? ` and license ID ${licenseId.value} (${describeSource(licenseId.source)})` : "";
  return `Sent hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})${license}.`;
}

/** What to do when no device has the hardware ID sent: the same advice from the License and Management APIs. */
export function deviceNotFoundHint(hardwareId: Resolved<string>, licenseId?: Resolved<number>): string {
  return `The license must be activated on this hardware ID first. ${describeSentDevice(hardwareId, licenseId)} ${NEXT_STEP[sentAs(hardwareId)]}`;
}

/** How the hardware ID a request sent was chosen: derived here, the --hardware-id setting, or one side of a two-device verb. */
function sentAs(hardwareId: Resolved<string>): "derived" | "setting" | "side" {
  const { source } = hardwareId;
  if (source.type === "derived") return "derived";
  // `vars diff <a> <b>` (argument A, B) and `vars copy --from --to` name the device per side, not by the setting.
  if (source.type === "argument" || (source.type === "flag" && source.name !== "--hardware-id"))
    return "side";
  return "setting";
}

const NEXT_STEP = {
  derived:
    "If the app registered a different ID (see the license's Devices view in the LicenseSpring platform), pass it with --hardware-id.",
  // The ID was given, so repeating "pass it with --hardware-id" would send the user round in a circle.
  setting:
    "Compare it with the IDs in the license's Devices view in the LicenseSpring platform; `licensectl device id --explain` shows the ID this machine derives and how.",
  side: "Compare it with the hardware IDs `licensectl devices list` shows for this license.",
} as const;
/** A timeout is the time budget running out on a slow or stuck exchange, not a server that is not there. */
function timeoutAdvice(answered: string | number | undefined): string {
  if (answered !== undefined) {
    return `The server began answering but did not finish within the time budget: ${MORE_TIME}`;
  }
  // Something accepted the connection (or the network swallowed it): the URL itself may be the problem.
  return `No answer came within the time budget: check that the URL is the right one, ${MORE_TIME}`;
}

function withProxy(advice: string, error: CliError): string {
  const proxy = proxyAdvice(error);
  return proxy ? `${advice} ${proxy}` : advice;
}

function proxyAdvice({ facts }: CliError): string | undefined {
  if (typeof facts.proxy !== "string" || typeof facts.host !== "string") return undefined;
  const hostname = facts.host.replace(/:\d+$/, "");
  return `Check that the proxy ${facts.proxy} is running and can reach ${facts.host}, or add ${hostname} to NO_PROXY to connect to it directly.`;
}

/** What to say when nothing answers at a configured base URL; the local emulator gets its own advice. */
export function unreachableAdvice(key: string, url: Resolved<string> | undefined): string {
  if (!url) return `Check ${key} and your network or proxy.`;
  return isLoopbackUrl(url.value)
    ? `Nothing answers at ${url.value} (${describeSource(url.source)}): is the emulator running? Start it with \`licensectl emulator\`.`
    : `Check ${key} ${url.value} (${describeSource(url.source)}) and your network or proxy.`;
}

/**
 * What to say when an https:// URL reached a server that does not speak TLS: on a loopback host that is
 * almost always the local emulator, which serves plain HTTP.
 */
export function tlsHandshakeAdvice(key: string, url: Resolved<string> | undefined): string {
  if (!url)
    return `Check that ${key} is the server's https:// URL, and that no proxy or firewall intercepts TLS.`;
  const where = `${key} ${url.value} (${describeSource(url.source)})`;
  return isLoopbackUrl(url.value) && url.value.startsWith("https:")
    ? `The local emulator serves plain HTTP: use ${url.value.replace(/^https:/, "http:")} for ${where}.`
    : `Check that ${where} is the server's https:// URL, and that no proxy or firewall intercepts TLS.`;
}

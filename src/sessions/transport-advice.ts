import { describeSource, type Resolved } from "../config/source.js";
import { CliError, withHint } from "../core/cli-error.js";
import { isLoopbackUrl } from "../core/loopback.js";

/**
 * What to do next after a transport failure. The transport reports facts (src/api/network-errors.ts: the code,
 * the host, the time budget, the status of an answer that broke off, the proxy, the endpoint); this module
 * words the advice, naming the setting, where its value came from, and the flag that changes it.
 */
export interface AdviceContext {
  /** The base URL setting the client talks to, e.g. `apiUrl`, and its resolved value. */
  readonly urlKey: string;
  readonly url: Resolved<string>;
  /** The OAuth token endpoint, for failures of the token request. */
  readonly tokenUrl?: Resolved<string> | undefined;
  /** Advice for an error answer of the server (its code and HTTP status), given what this run sent. */
  readonly serverHint?: ((code: string, status: number) => string | undefined) | undefined;
}

const MORE_TIME =
  "allow more time with --timeout <ms> (LICENSECTL_TIMEOUT), check your network or proxy, or retry later.";

export const VERIFY_ADVICE =
  "Check publicKey (LICENSECTL_PUBLIC_KEY) matches the server (the emulator prints its own key), and that no " +
  "proxy rewrites responses. --no-verify-signature skips the check, trusting whatever answers.";

/** The advice for one failure, or undefined when there is nothing useful to add. */
export function transportAdvice(error: CliError, context: AdviceContext): string | undefined {
  const { facts } = error;
  const token = facts.endpoint === "token";
  switch (error.code) {
    case "timeout":
      return withProxy(timeoutAdvice(facts.answered), error);
    case "connection_failed":
      if (facts.answered !== undefined) {
        return withProxy(
          "The connection broke while the server was answering: retry, or check your network or proxy.",
          error,
        );
      }
      return (
        proxyAdvice(error) ??
        unreachableAdvice(token ? "tokenUrl" : context.urlKey, token ? context.tokenUrl : context.url)
      );
    case "tls_handshake_failed":
      return tlsHandshakeAdvice(token ? "tokenUrl" : context.urlKey, token ? context.tokenUrl : context.url);
    case "response_too_large":
      return `Check that ${context.urlKey} points at the right API, not at another service or a proxy page.`;
    case "invalid_response":
      return token
        ? "Check tokenUrl (LICENSECTL_TOKEN_URL) points at the OAuth token endpoint."
        : `Check that ${context.urlKey} ${context.url.value} (${describeSource(context.url.source)}) points at the LicenseSpring API; a proxy or captive portal may be answering instead.`;
    case "signature_missing":
    case "signature_invalid":
      return VERIFY_ADVICE;
    case "token_endpoint_failed":
      return "The OAuth token endpoint failed on its side: retry later.";
    case "oauth_token_refused":
      return "Check clientId and clientSecret (LICENSECTL_CLIENT_ID, LICENSECTL_CLIENT_SECRET) and tokenUrl.";
  }
  if (token || error.status === undefined) return undefined;
  return context.serverHint?.(error.code, error.status);
}

/**
 * Advice that needs no session: for failures found above the client (a listing checked against its request),
 * added by runCli to an error that has none.
 */
export function standaloneAdvice(error: CliError): string | undefined {
  if (error.code === "listing_mismatch") {
    return "The server ignored a filter, or is not the LicenseSpring Management API: check managementUrl (LICENSECTL_MANAGEMENT_URL), and do not retry until its listings match what is asked.";
  }
  return undefined;
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

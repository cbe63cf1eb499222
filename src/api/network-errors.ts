import { CliError } from "../core/cli-error.js";
import type { AppliedProxy } from "./proxy.js";

/** The abort reason of an attempt that ran out of time (as opposed to one the user interrupted). */
export class TimeoutSignal extends Error {
  constructor() {
    super("timeout");
    this.name = "TimeoutSignal";
  }
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CLOSED: "connection closed",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "self-signed TLS certificate in the chain",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate could not be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
};

/** The connection never opened, so nothing was sent: behind a proxy, the connection to the proxy. */
const NOT_CONNECTED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

interface NetworkErrorContext {
  readonly host: string;
  readonly timeoutMs: number;
  readonly endpoint?: string | undefined;
  /** The proxy the request went through, when a proxy variable applies to it. */
  readonly proxy?: AppliedProxy | undefined;
  /** The status of the answer whose headers had arrived when it failed: it failed mid-body. */
  readonly answered?: number | undefined;
}

/**
 * Any failure of one exchange as a network CliError: the system error code that caused it, and as facts the
 * host, the time budget, the status of an answer that broke off (`answered`) and the proxy, from which the
 * layer above words its advice (src/sessions/error-advice.ts).
 */
export function toNetworkError(error: unknown, timedOut: boolean, context: NetworkErrorContext): CliError {
  if (error instanceof CliError) return error;
  const { host, proxy, answered } = context;
  const facts = {
    host,
    endpoint: context.endpoint,
    timeoutMs: context.timeoutMs,
    answered,
    proxy: proxy?.origin,
    proxyVariable: proxy?.variable,
    systemCode: errorCode(error),
  };
  if (timedOut) {
    const stalled = answered === undefined ? "" : `: HTTP ${answered} headers arrived, then the body stalled`;
    return new CliError(
      "network",
      `No complete response from ${host}${through(proxy)} within ${context.timeoutMs} ms${stalled}.`,
      { code: "timeout", facts, cause: error },
    );
  }
  if (answered === undefined && !proxy && isTlsHandshakeFailure(error)) {
    return new CliError("network", `The TLS handshake with ${host} failed: ${tlsReason(error)}.`, {
      code: "tls_handshake_failed",
      facts,
      cause: error,
    });
  }
  if (answered !== undefined) {
    return new CliError("network", `${describeBreak(error, context, answered)}.`, {
      code: "connection_failed",
      facts,
      cause: error,
    });
  }
  return new CliError("network", `${describeFailure(error, context)}.`, {
    code: "connection_failed",
    facts,
    cause: error,
  });
}

/**
 * OpenSSL's errors for a peer that is not speaking TLS: Node reports them as EPROTO (node:https) or as an
 * ERR_SSL_* code (undici), with "SSL routines" in the message. Certificate problems are not these: they are
 * named in CONNECTION_ERRORS.
 */
function isTlsHandshakeFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code?.startsWith("ERR_SSL_")) return true;
  return code === "EPROTO" && [...causes(error)].some((e) => /SSL routines/.test(messageOf(e)));
}

/** "wrong version number (EPROTO)": OpenSSL's reason, without its file and line. */
function tlsReason(error: unknown): string {
  for (const current of causes(error)) {
    const match = /SSL routines:[^:]*:([^:]+)/.exec(messageOf(current));
    if (match?.[1]) return `${match[1]} (${errorCode(error) ?? "TLS"})`;
  }
  return why(error);
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === "string" ? message : "";
}

/** " through the proxy http://…" when the exchange went through one. */
function through(proxy: AppliedProxy | undefined): string {
  return proxy ? ` through the proxy ${proxy.origin}` : "";
}

/** "The answer from … broke off: why", for a connection lost after the response headers arrived. */
function describeBreak(error: unknown, { host, proxy }: NetworkErrorContext, answered: number): string {
  return `The answer from ${host}${through(proxy)} broke off after its HTTP ${answered} headers: ${why(error)}`;
}

/** "Could not reach …: why", naming the proxy when the connection that failed was the one to it. */
function describeFailure(error: unknown, { host, proxy }: NetworkErrorContext): string {
  const code = errorCode(error);
  if (!proxy) return `Could not reach ${host}: ${why(error)}`;
  const named = `proxy ${proxy.origin} (${proxy.variable})`;
  const refusedWith = tunnelRefusal(error);
  if (refusedWith) return `The ${named} did not open a tunnel to ${host}: it answered HTTP ${refusedWith}`;
  if (code && NOT_CONNECTED.has(code)) return `Could not reach the ${named}: ${why(error)}`;
  return `Could not reach ${host} through the ${named}: ${why(error)}`;
}

/** "connection reset (ECONNRESET)": the system error code in words, and the code itself. */
function why(error: unknown): string {
  const code = errorCode(error);
  const what = code ? (CONNECTION_ERRORS[code] ?? code) : "the request failed";
  return `${what}${code && what !== code ? ` (${code})` : ""}`;
}

/** The status of a proxy's answer to CONNECT other than 200, as undici reports it. */
function tunnelRefusal(error: unknown): string | undefined {
  for (const current of causes(error)) {
    const message = (current as { message?: unknown }).message;
    const match = typeof message === "string" ? /^Proxy response \((\d+)\)/.exec(message) : null;
    if (match) return match[1];
  }
  return undefined;
}

export function responseTooLarge(host: string, max: number): CliError {
  return new CliError("network", `The response from ${host} is larger than ${max} bytes; it was not read.`, {
    code: "response_too_large",
    facts: { host, maxBytes: max },
  });
}

/**
 * Whether the server may have carried out a request that failed this way: it may, unless it answered with
 * an error status or the connection never opened (a timeout or a lost connection leaves it unknown).
 */
export function mayHaveBeenCarriedOut(error: CliError): boolean {
  if (error.status !== undefined) return false;
  const code = errorCode(error.cause);
  return !(error.code === "connection_failed" && code !== undefined && NOT_CONNECTED.has(code));
}

/** How one request's attempts went, so that its final failure can be told truthfully. */
export interface Attempts {
  /** Attempts made, the last one included. */
  readonly made: number;
  /** Attempts allowed: 1 + retries. */
  readonly allowed: number;
  /** What each earlier attempt got, oldest first ("HTTP 503", "connection reset"): each was retried. */
  readonly retried: readonly string[];
  /**
   * Set when the last failure was worth retrying yet was not: no attempts were left, or the time budget had
   * no room for another. Unset when the last answer was final by nature (a 500, a 404, a success).
   */
  readonly ranOutOf?: "retries" | "time" | undefined;
  /** The time budget, for telling that it ran out. */
  readonly timeoutMs: number;
}

/**
 * The same failure, told with the attempts spent on it. "Gave up" only when the run stopped on a failure
 * that was worth another attempt; a failure that is final by nature is reported as itself, with a note that
 * earlier attempts were retried, so nobody raises --retries for a 500 that no retry would have helped.
 */
export function afterAttempts(error: CliError, attempts: Attempts): CliError {
  const { made, ranOutOf } = attempts;
  if (made < 2) return error;
  const message =
    ranOutOf === "retries"
      ? `Gave up after ${made} attempts: ${error.message}`
      : ranOutOf === "time"
        ? `Gave up after ${made} attempts, out of time (time budget ${attempts.timeoutMs} ms): ${error.message}`
        : withEarlierAttempts(error.message, attempts);
  return new CliError(error.kind, message, {
    code: error.code,
    status: error.status,
    hint: error.hint,
    facts: { ...error.facts, attempts: made },
    cause: error.cause ?? error,
  });
}

/** "Server Error (attempt 3 of 4; attempts 1–2: HTTP 503)", keeping the message's closing period. */
function withEarlierAttempts(message: string, { made, allowed, retried }: Attempts): string {
  const earlier = made === 2 ? "attempt 1" : `attempts 1–${made - 1}`;
  const got = [...new Set(retried)].join(", ");
  const period = message.endsWith(".") ? "." : "";
  return `${message.slice(0, message.length - period.length)} (attempt ${made} of ${allowed}; ${earlier}: ${got})${period}`;
}

/** A failure in a few words, as the note on earlier attempts tells it: "timeout", "connection reset". */
export function shortFailure(error: CliError): string {
  if (error.code === "timeout") return "timeout";
  const code = errorCode(error.cause);
  return code ? (CONNECTION_ERRORS[code] ?? code) : error.code;
}

/** The innermost system error code in a fetch error's cause chain. */
export function errorCode(error: unknown): string | undefined {
  let found: string | undefined;
  for (const current of causes(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") found = code;
  }
  return found;
}

/** An error and its causes, outermost first (a few levels: enough for fetch, safe from cycles). */
function* causes(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

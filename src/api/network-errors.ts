import { CliError } from "../errors.js";

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

interface NetworkErrorContext {
  readonly host: string;
  readonly timeoutMs: number;
  readonly unreachableHint: string;
}

/** Any failure of one exchange as a network CliError, with the system error code that caused it. */
export function toNetworkError(error: unknown, timedOut: boolean, context: NetworkErrorContext): CliError {
  if (error instanceof CliError) return error;
  if (timedOut) {
    return new CliError(
      "network",
      `No complete response from ${context.host} within ${context.timeoutMs} ms.`,
      {
        code: "timeout",
        hint: `Retry later, or allow more time with --timeout <ms> (LICENSECTL_TIMEOUT). ${context.unreachableHint}`,
        cause: error,
      },
    );
  }
  const code = errorCode(error);
  const what = code ? (CONNECTION_ERRORS[code] ?? code) : "the request failed";
  return new CliError(
    "network",
    `Could not reach ${context.host}: ${what}${code && what !== code ? ` (${code})` : ""}.`,
    { code: "connection_failed", hint: context.unreachableHint, cause: error },
  );
}

export function responseTooLarge(host: string, max: number): CliError {
  return new CliError("network", `The response from ${host} is larger than ${max} bytes; it was not read.`, {
    code: "response_too_large",
    hint: "Check that apiUrl points at the License API, not at another service or a proxy page.",
  });
}

/** The same failure, told with how many attempts were spent on it. */
export function afterAttempts(error: CliError, attempts: number): CliError {
  if (attempts < 2) return error;
  return new CliError(error.kind, `Gave up after ${attempts} attempts: ${error.message}`, {
    code: error.code,
    status: error.status,
    hint: error.hint,
    cause: error.cause ?? error,
  });
}

/** The innermost system error code in a fetch error's cause chain. */
export function errorCode(error: unknown): string | undefined {
  let found: string | undefined;
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") found = code;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

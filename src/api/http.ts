import { ofetch } from "ofetch";
import { CliError } from "../errors.js";

export interface HttpRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

/** Builds the request for one attempt: called afresh for each, so each is signed with a new Date. */
export type PrepareRequest = () => HttpRequest | Promise<HttpRequest>;

export interface TransportOptions {
  /** Whole exchange: connect, headers and body. */
  readonly timeoutMs: number;
  /** A larger body is an error, never buffered whole. */
  readonly maxBodyBytes?: number;
  /** What to tell the user when the server cannot be reached. */
  readonly unreachableHint: string;
  /** --debug trace: one line per attempt and per answer. Never given secrets. */
  readonly debug: (line: string) => void;
}

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * One HTTP exchange through ofetch. Never throws anything but a CliError of kind "network":
 * connection failures, timeouts (including a server that stalls mid-body) and oversized bodies.
 * HTTP error statuses are returned, not thrown: mapping them is the caller's business.
 */
export async function send(prepare: PrepareRequest, options: TransportOptions): Promise<HttpResponse> {
  const request = await prepare();
  options.debug(`→ ${request.method} ${request.url}`);
  const started = performance.now();
  const response = await attempt(request, options);
  options.debug(
    `← HTTP ${response.status} in ${Math.round(performance.now() - started)} ms, ${Buffer.byteLength(response.body)} bytes`,
  );
  return response;
}

async function attempt(request: HttpRequest, options: TransportOptions): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutSignal()), options.timeoutMs);
  const host = hostOf(request.url);
  try {
    const response = await ofetch.raw(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
      responseType: "stream",
      ignoreResponseError: true,
      retry: 0,
    });
    const body = await readCapped(response._data ?? null, options.maxBodyBytes ?? MAX_BODY_BYTES, host);
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    throw toNetworkError(error, controller.signal, host, options);
  } finally {
    clearTimeout(timer);
  }
}

class TimeoutSignal extends Error {
  constructor() {
    super("timeout");
    this.name = "TimeoutSignal";
  }
}

async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  max: number,
  host: string,
): Promise<string> {
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new CliError(
        "network",
        `The response from ${host} is larger than ${max} bytes; it was not read.`,
        {
          code: "response_too_large",
          hint: "Check that apiUrl points at the License API, not at another service or a proxy page.",
        },
      );
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function toNetworkError(
  error: unknown,
  signal: AbortSignal,
  host: string,
  options: TransportOptions,
): CliError {
  if (error instanceof CliError) return error;
  if (signal.aborted && signal.reason instanceof TimeoutSignal) {
    return new CliError("network", `No complete response from ${host} within ${options.timeoutMs} ms.`, {
      code: "timeout",
      hint: `Retry later, or allow more time with --timeout <ms> (LICENSECTL_TIMEOUT). ${options.unreachableHint}`,
      cause: error,
    });
  }
  const code = errorCode(error);
  const what = code ? (CONNECTION_ERRORS[code] ?? code) : "the request failed";
  return new CliError(
    "network",
    `Could not reach ${host}: ${what}${code && what !== code ? ` (${code})` : ""}.`,
    {
      code: "connection_failed",
      hint: options.unreachableHint,
      cause: error,
    },
  );
}

const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no response headers in time",
  UND_ERR_BODY_TIMEOUT: "response body stalled",
  CERT_HAS_EXPIRED: "TLS certificate expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "self-signed TLS certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "TLS certificate could not be verified",
  ERR_TLS_CERT_ALTNAME_INVALID: "TLS certificate does not match the host name",
};

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

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

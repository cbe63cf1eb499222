import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** What licensectl reads from response headers: node:http's and the web's Headers both answer it. */
export interface HeaderReader {
  get(name: string): string | null;
}

/** The response fields licensectl reads; the body is an async iterable of bytes (a Node or a web stream). */
export interface FetchedResponse {
  readonly status: number;
  readonly headers: HeaderReader;
  readonly body: AsyncIterable<Uint8Array> | null;
}

export interface FetchInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  readonly signal: AbortSignal;
}

/** The shape both transports share: node:http below, undici's fetch behind a proxy (src/api/proxy.ts). */
export type Fetch = (url: string, init: FetchInit) => Promise<FetchedResponse>;

/** node:http's header object read case-insensitively (its names are lower case already). */
class IncomingHeaders implements HeaderReader {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }
}

/** Methods whose request may be sent twice with the effect of once (RFC 9110, 9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * One request over node:http(s). Not Node's built-in fetch (nor ofetch, whose default instance is built on
 * it): measured here for one local GET, the built-in fetch costs 1.8–2.9× the wall time and 11–16 MiB more
 * peak memory than node:http on Node 20 and 24 (/tmp bench of `node -e`, alternating, medians of 20,
 * docs/performance.md). Redirects are not followed (the License API does not redirect; a 3xx is returned).
 *
 * A keep-alive socket reused from an earlier request may have been closed by the server's idle timeout
 * just as this request was written on it: the request then fails with ECONNRESET before any answer, though
 * the server never saw it. An idempotent request is sent once more, on a fresh socket, without counting as
 * one of the --retries attempts (it is the race Node documents for `request.reusedSocket`).
 */
export async function nodeFetch(input: string, init: FetchInit): Promise<FetchedResponse> {
  const first = await requestOnce(input, init);
  if (!("staleSocket" in first)) return first;
  const again = await requestOnce(input, init);
  if ("staleSocket" in again) throw again.staleSocket;
  return again;
}

async function requestOnce(
  input: string,
  init: FetchInit,
): Promise<FetchedResponse | { readonly staleSocket: Error }> {
  const url = new URL(input);
  const transport = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  const { signal } = init;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = transport.request(url, { method: init.method, headers: init.headers }, (response) => {
      answered = true;
      resolve({
        status: response.statusCode ?? 0,
        headers: new IncomingHeaders(response.headers),
        body: response as IncomingMessage,
      });
    });
    const abort = () => request.destroy(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal.removeEventListener("abort", abort));
    request.on("error", (error: NodeJS.ErrnoException) => {
      const stale =
        !answered &&
        !signal.aborted &&
        request.reusedSocket &&
        error.code === "ECONNRESET" &&
        IDEMPOTENT.has(init.method.toUpperCase());
      if (stale) resolve({ staleSocket: error });
      else reject(error);
    });
    request.end(init.body);
  });
}

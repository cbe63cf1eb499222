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

/**
 * One request over node:http(s). Not Node's built-in fetch (nor ofetch, whose default instance is built on
 * it): measured here for one local GET, the built-in fetch costs 1.8–2.9× the wall time and 11–16 MiB more
 * peak memory than node:http on Node 20 and 24 (/tmp bench of `node -e`, alternating, medians of 20,
 * docs/performance.md). Redirects are not followed (the License API does not redirect; a 3xx is returned).
 */
export async function nodeFetch(input: string, init: FetchInit): Promise<FetchedResponse> {
  const url = new URL(input);
  const transport = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  const { signal } = init;
  signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: init.method, headers: init.headers }, (response) => {
      resolve({
        status: response.statusCode ?? 0,
        headers: new IncomingHeaders(response.headers),
        body: response as IncomingMessage,
      });
    });
    const abort = () => request.destroy(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal.removeEventListener("abort", abort));
    request.on("error", reject);
    request.end(init.body);
  });
}

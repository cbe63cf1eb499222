import type { IncomingHttpHeaders, IncomingMessage } from "node:http";

/** What licensectl reads from response headers. */
export interface HeaderReader {
  get(name: string): string | null;
}

type HeadersInitLike =
  | LiteHeaders
  | Iterable<readonly [string, string]>
  | IncomingHttpHeaders
  | Record<string, string>;

/**
 * The part of the Headers interface that ofetch and licensectl use, case-insensitive, in a few lines:
 * the global Headers class would load Node's bundled undici (~30 ms and ~12 MB on every run).
 */
export class LiteHeaders implements HeaderReader {
  private readonly map = new Map<string, string>();

  constructor(init?: HeadersInitLike) {
    if (!init) return;
    const pairs: Iterable<readonly [string, unknown]> =
      Symbol.iterator in init ? (init as Iterable<readonly [string, string]>) : Object.entries(init);
    for (const [name, value] of pairs) {
      if (value !== undefined) this.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** The response fields ofetch and licensectl read; the body is the Node stream, read with `for await`. */
export interface LiteResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: LiteHeaders;
  readonly body: IncomingMessage;
}

export interface LiteRequestInit {
  readonly method?: string;
  readonly headers?: HeadersInitLike;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

/**
 * fetch for ofetch over node:http(s). Node's built-in fetch compiles undici's WebAssembly HTTP parser on
 * every run: measured here, a single request with it costs ~250 ms and ~45 MB more than with node:http.
 * Redirects are not followed (the License API does not redirect; a 3xx is returned as it is).
 */
export async function nodeFetch(input: string | URL, init: LiteRequestInit = {}): Promise<LiteResponse> {
  const url = new URL(String(input));
  const transport = url.protocol === "https:" ? await import("node:https") : await import("node:http");
  const { signal } = init;
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      { method: init.method ?? "GET", headers: Object.fromEntries(new LiteHeaders(init.headers)) },
      (response) => {
        const status = response.statusCode ?? 0;
        resolve({
          status,
          statusText: response.statusMessage ?? "",
          ok: status >= 200 && status < 300,
          headers: new LiteHeaders(response.headers),
          body: response,
        });
      },
    );
    const abort = () => request.destroy(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    request.on("close", () => signal?.removeEventListener("abort", abort));
    request.on("error", reject);
    request.end(init.body);
  });
}

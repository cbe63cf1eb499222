import { CliError } from "../core/cli-error.js";
import { assertHeaderSafe } from "../core/header-safe.js";
import { parseJson } from "./client.js";
import { type HttpResponse, send, type TransportOptions } from "./http.js";
import { afterAttempts } from "./network-errors.js";
import { defaultRetryDeps } from "./retry.js";
import { apiError, readServerError } from "./server-error.js";

export interface ManagementApiOptions extends TransportOptions {
  readonly baseUrl: string;
  /** Sent as `Authorization: Api-Key <key>`; a secret. */
  readonly apiKey: string;
  readonly userAgent: string;
}

/** The LicenseSpring Management API (vendor back-office): DRF, `Api-Key` auth, unsigned answers. */
export interface ManagementApi {
  /**
   * Every item of a paginated list, following `next` until it is null; with `bound`, at most that many
   * items (asked 100 a page), else a CliError saying how many the server has.
   */
  list(path: string, query: Readonly<Record<string, string>>, bound?: ListBound): Promise<unknown[]>;
  delete(path: string): Promise<void>;
}

/** How far a listing may go, and what the error says beyond that. */
export interface ListBound {
  readonly maxItems: number;
  /** "devices of license 1001": named in the error. */
  readonly what: string;
  /** What is listed, for the advice on narrowing it (src/sessions/error-advice.ts): "devices", "licenses". */
  readonly listing: string;
  /** Ask this many items a page (the service caps it at MAX_PAGE_LIMIT); else the server's default. */
  readonly pageLimit?: number | undefined;
  /**
   * "api" (exit 5) when a listing is legitimately too long to act on (narrow it); "network" (exit 6) when
   * no honest server lists that many (a device's variables).
   */
  readonly kind?: "api" | "network";
}

/** The service caps `limit` at 100 (silently). */
export const MAX_PAGE_LIMIT = 100;

/** 2,000 items at the default 20 a page: far beyond a device's variables, short of an endless loop. */
const MAX_PAGES = 100;

/**
 * The most a whole listing may weigh, all pages together: 10,000 devices with their details and variables
 * weigh a few MB; 100 pages of 9.5 MB reached 3.9 GB of heap and a crash.
 */
export const MAX_LISTING_BYTES = 32 * 1024 * 1024;

export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  assertHeaderSafe("managementApiKey", options.apiKey);
  const base = new URL(`${options.baseUrl.replace(/\/+$/, "")}/`);
  return {
    async list(path, query, bound) {
      const items: unknown[] = [];
      // The timeout setting is one budget for the whole listing, every page together, not one per page.
      const clock = options.retryDeps ?? defaultRetryDeps;
      const deadline = clock.now() + options.timeoutMs;
      let bytes = 0;
      const first = new URL(`${path}/`, base);
      const limit = bound?.pageLimit && Math.min(bound.pageLimit, MAX_PAGE_LIMIT);
      first.search = new URLSearchParams(limit ? { ...query, limit: String(limit) } : query).toString();
      let url: string | undefined = first.href;
      for (let pages = 0; url; pages++) {
        if (pages === MAX_PAGES) {
          throw invalidResponse(`the list at ${path}/ did not end after ${MAX_PAGES} pages`);
        }
        const left = deadline - clock.now();
        if (left <= 0) throw listingOutOfTime(path, pages, options.timeoutMs);
        const response = await call({ ...options, timeoutMs: left }, "GET", url);
        bytes += Buffer.byteLength(response.body);
        if (bytes > MAX_LISTING_BYTES) throw listingTooHeavy(path, pages + 1);
        const page = readPage(response, path);
        for (const item of page.results) items.push(item); // a spread of 200,000 items overflows the stack
        if (bound) checkBound(bound, Math.max(items.length, page.count ?? 0));
        url = page.next === undefined ? undefined : sameOrigin(page.next, base);
      }
      return items;
    },
    async delete(path) {
      // Not retried: a DELETE whose answer was lost may have happened, and its retry would then report a
      // 404 for a variable that is in fact gone.
      await call({ ...options, retries: 0 }, "DELETE", new URL(`${path}/`, base).href);
    },
  };
}

/** One exchange with the Api-Key; an HTTP error status becomes a CliError with the server's detail. */
async function call(
  options: ManagementApiOptions,
  method: "GET" | "DELETE",
  url: string,
): Promise<HttpResponse> {
  const headers = {
    Authorization: `Api-Key ${options.apiKey}`,
    Accept: "application/json",
    "User-Agent": options.userAgent,
  };
  const response = await send(() => ({ method, url, headers }), options);
  if (response.status >= 400) {
    const parsed = parseJson(response.body);
    const error = readServerError(response.status, parsed.ok ? parsed.value : undefined);
    throw afterAttempts(apiError(error), response.attempts);
  }
  return response;
}

function listingOutOfTime(path: string, pages: number, timeoutMs: number): CliError {
  return new CliError(
    "network",
    `The listing at ${path}/ did not finish within the time budget of ${timeoutMs} ms (${pages} page${pages === 1 ? "" : "s"} read); nothing was acted on.`,
    { code: "timeout", facts: { listing: path } },
  );
}

function listingTooHeavy(path: string, pages: number): CliError {
  return new CliError(
    "network",
    `The listing at ${path}/ weighs more than ${MAX_LISTING_BYTES / 1024 / 1024} MB after ${pages} page${pages === 1 ? "" : "s"}, more than licensectl reads; nothing was acted on.`,
    {
      code: "listing_too_large",
      hint: "Check that the Management API URL points at LicenseSpring; narrow the listing (one license, one hardware ID).",
    },
  );
}

function checkBound(bound: ListBound, count: number): void {
  if (count <= bound.maxItems) return;
  throw new CliError(
    bound.kind ?? "api",
    `The ${bound.what} number ${count}, more than the ${bound.maxItems} licensectl lists.`,
    {
      code: "listing_too_long",
      facts: { listing: bound.listing },
    },
  );
}

interface Page {
  readonly results: unknown[];
  readonly next?: string;
  /** The server's total, when it says. */
  readonly count?: number;
}

/** DRF pagination `{count, next, previous, results}`; an unpaginated array is accepted as one page. */
function readPage(response: HttpResponse, path: string): Page {
  const parsed = parseJson(response.body);
  if (!parsed.ok) {
    throw invalidResponse(
      `the answer to ${path}/ is ${parsed.tooDeep ? "JSON nested too deep" : "not JSON"}`,
    );
  }
  const body = parsed.value;
  if (Array.isArray(body)) return { results: body };
  const { results, next, count } = (typeof body === "object" && body !== null ? body : {}) as Record<
    string,
    unknown
  >;
  if (!Array.isArray(results)) throw invalidResponse(`the answer to ${path}/ has no "results" list`);
  const total = typeof count === "number" && Number.isSafeInteger(count) ? { count } : {};
  if (typeof next === "string" && next !== "") return { results, next, ...total };
  return { results, ...total };
}

/**
 * The Api-Key goes wherever `next` points, so it may only point back to the same origin. An http link from
 * an https API (DRF behind a TLS-terminating proxy builds those) is followed over https.
 */
function sameOrigin(next: string, base: URL): string {
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    throw invalidResponse(`its next-page link is not a URL`);
  }
  if (url.protocol === "http:" && base.protocol === "https:" && url.hostname === base.hostname) {
    url.protocol = "https:";
  }
  if (url.origin !== base.origin) {
    throw invalidResponse(
      `its next-page link leads to another origin (${url.origin}); it was not followed, so the Api-Key was not sent there`,
    );
  }
  return url.href;
}

export function invalidResponse(detail: string): CliError {
  return new CliError("network", `Unexpected answer from the Management API: ${detail}.`, {
    code: "invalid_response",
  });
}

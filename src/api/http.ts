import type { CliError } from "../core/cli-error.js";
import {
  type Attempts,
  afterAttempts,
  errorCode,
  hostOf,
  responseTooLarge,
  shortFailure,
  TimeoutSignal,
  toNetworkError,
} from "./network-errors.js";
import { type Fetch, type HeaderReader, nodeFetch } from "./node-fetch.js";
import { proxiedFetch, proxyFor } from "./proxy.js";
import type { RequestGate } from "./rate-limiter.js";
import {
  backoffDelay,
  defaultRetryDeps,
  RETRYABLE_ERRORS,
  RETRYABLE_STATUSES,
  type RetryDeps,
  retryAfterMs,
} from "./retry.js";

export interface HttpRequest {
  readonly method: "GET" | "POST" | "DELETE";
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: HeaderReader;
  readonly body: string;
  /** How many attempts it took (1 when the first answer was final), and why it stopped there. */
  readonly attempts: Attempts;
}

/** Builds the request for one attempt: called afresh for each, so each is signed with a new Date. */
export type PrepareRequest = () => HttpRequest | Promise<HttpRequest>;

export interface TransportOptions {
  /** The whole budget: every attempt and every wait between attempts together. */
  readonly timeoutMs: number;
  /** Attempts after the first one, for connection errors, timeouts, 429, 502, 503 and 504. */
  readonly retries?: number;
  /** A larger body is an error, never buffered whole. */
  readonly maxBodyBytes?: number;
  /** What the exchange is for ("token" for the OAuth token endpoint): a fact on its network errors. */
  readonly endpoint?: string;
  /** --debug trace: one line per attempt and per answer. Never given secrets. */
  readonly debug: (line: string) => void;
  /** Aborted on Ctrl+C: the attempt in flight, or the wait, stops at once with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) are read from here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly retryDeps?: RetryDeps;
  /** Shared pacing (a rate limiter): awaited before each attempt, told of each 429 and its Retry-After. */
  readonly gate?: RequestGate;
}

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

type Outcome = { response: Omit<HttpResponse, "attempts"> } | { error: CliError; retryable: boolean };

/**
 * One HTTP exchange, with retries. Never throws anything but a CliError of kind "network"
 * (connection failures, timeouts including a server that stalls mid-body, oversized bodies) or the
 * interrupt signal's reason. HTTP error statuses are returned, not thrown: mapping them is the caller's.
 */
export async function send(prepare: PrepareRequest, options: TransportOptions): Promise<HttpResponse> {
  const deps = options.retryDeps ?? defaultRetryDeps;
  const fetcher = await fetcherFor(options);
  const maxAttempts = (options.retries ?? 0) + 1;
  const retried: string[] = [];
  let deadline = 0;
  for (let attempt = 1; ; attempt++) {
    const release = await options.gate?.acquire();
    // The time budget starts once the first attempt may go: waiting for one's turn is not the server's slowness.
    if (attempt === 1) deadline = deps.now() + options.timeoutMs;
    let outcome: Outcome;
    let started: number;
    try {
      const request = await prepare();
      const of = maxAttempts > 1 ? ` (attempt ${attempt} of ${maxAttempts})` : "";
      options.debug(`→ ${request.method} ${request.url}${of}`);
      started = deps.now();
      outcome = await exchange(fetcher, request, options, Math.max(0, deadline - started));
    } finally {
      release?.();
    }
    const why = retryReason(outcome);
    if ("response" in outcome) {
      const { status, body } = outcome.response;
      options.debug(`← HTTP ${status} in ${deps.now() - started} ms, ${Buffer.byteLength(body)} bytes`);
      if (status === 429) options.gate?.throttled(retryAfterMs(outcome.response.headers, deps.now()));
    }
    const wait = why === undefined || attempt >= maxAttempts ? undefined : waitBefore(outcome, attempt, deps);
    if (wait === undefined || deps.now() + wait >= deadline) {
      const ranOutOf = why === undefined ? undefined : attempt >= maxAttempts ? "retries" : "time";
      if (ranOutOf === "time") options.debug(`  ${why}: not retrying, the time budget would run out first`);
      const attempts: Attempts = {
        made: attempt,
        allowed: maxAttempts,
        retried,
        ranOutOf,
        timeoutMs: options.timeoutMs,
      };
      if ("error" in outcome) throw afterAttempts(outcome.error, attempts);
      return { ...outcome.response, attempts };
    }
    options.debug(`  ${why}: retrying in ${wait} ms`);
    retried.push(shortOutcome(outcome));
    await deps.sleep(wait, options.signal);
  }
}

function retryReason(outcome: Outcome): string | undefined {
  if ("error" in outcome) return outcome.retryable ? outcome.error.message.replace(/\.$/, "") : undefined;
  const { status } = outcome.response;
  return RETRYABLE_STATUSES.has(status) ? `HTTP ${status}` : undefined;
}

/** What a retried attempt got, for the note on earlier attempts: "HTTP 503", "connection reset". */
function shortOutcome(outcome: Outcome): string {
  return "response" in outcome ? `HTTP ${outcome.response.status}` : shortFailure(outcome.error);
}

function waitBefore(outcome: Outcome, attempt: number, deps: RetryDeps): number {
  const asked = "response" in outcome ? retryAfterMs(outcome.response.headers, deps.now()) : undefined;
  return asked ?? backoffDelay(attempt, deps.random);
}

async function exchange(
  fetcher: Fetch,
  request: HttpRequest,
  options: TransportOptions,
  budgetMs: number,
): Promise<Outcome> {
  const timer = new AbortController();
  const timeout = setTimeout(() => timer.abort(new TimeoutSignal()), budgetMs);
  const signal = options.signal ? AbortSignal.any([timer.signal, options.signal]) : timer.signal;
  const host = hostOf(request.url);
  let answered: number | undefined; // the status, once the headers are in: a failure after is mid-body
  try {
    const response = await fetcher(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
    });
    answered = response.status;
    // Read to its end whatever the status (a body left unread would hold the connection, and the run with
    // it), never more than the cap.
    const body = await readCapped(response.body, options.maxBodyBytes ?? MAX_BODY_BYTES, host);
    return { response: { status: response.status, headers: response.headers, body } };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    const timedOut = timer.signal.aborted;
    const context = {
      host,
      timeoutMs: options.timeoutMs,
      endpoint: options.endpoint,
      proxy: options.env ? proxyFor(request.url, options.env) : undefined,
      answered,
    };
    const code = errorCode(error);
    return {
      error: toNetworkError(error, timedOut, context),
      retryable: timedOut || (code !== undefined && RETRYABLE_ERRORS.has(code)),
    };
  } finally {
    clearTimeout(timeout);
  }
}

/** A Node stream (node:http) or a web stream (undici, behind a proxy): both are async iterables. */
async function readCapped(body: AsyncIterable<Uint8Array> | null, max: number, host: string) {
  if (!body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > max) throw responseTooLarge(host, max); // leaving the loop cancels the stream
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * node:http(s) by default (src/api/node-fetch.ts says why not ofetch or Node's fetch). Node's fetch ignores
 * proxy variables: with one set, undici's fetch and proxy agent are loaded instead.
 *
 * ofetch was dropped here rather than used as designed: its retry and timeout must stay off (the budget spans
 * every attempt and the shared rate limiter decides each wait, src/api/retry.ts, rate-limiter.ts), its
 * parsing too (the body is capped while it streams and parsed once, by the caller, after its checks), its
 * errors too (statuses are facts returned, not thrown), and its default fetch is Node's, which costs what
 * node-fetch.ts measures: what was left was a pass-through over this file's fetch, and a build plugin.
 */
async function fetcherFor(options: TransportOptions): Promise<Fetch> {
  const fetch = options.env ? await proxiedFetch(options.env, options.debug) : undefined;
  return fetch ? (fetch as unknown as Fetch) : nodeFetch;
}

import { type KeyObject, sign } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { MAX_REQUEST_BYTES, parseBody, readBody, TooLarge } from "./body.js";
import { failure } from "./error-responses.js";
import { type Fault, injectFault } from "./faults.js";
import type { FloodGuard } from "./flood-limits.js";
import type { DataStore } from "./persistence.js";
import { type Reply, type Route, routeRequest, signedFailure } from "./routes.js";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  /** The HTTP status answered; 0 when the connection was reset, or when a stalled answer never finished. */
  readonly status: number;
  readonly fault?: Fault["type"];
  /** When the request arrived, by the emulator's clock (Unix ms). */
  readonly at: number;
}

export interface HandlerDeps {
  readonly routes: readonly Route[];
  /** Where to record each request answered; undefined records nothing. */
  readonly requests: RecordedRequest[] | undefined;
  readonly privateKey: KeyObject;
  readonly now: () => number;
  readonly store: DataStore | undefined;
  readonly nextFault: () => Fault | undefined;
  readonly latencyMs: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly closing: () => boolean;
  /** Flood limits: a request over them is answered 429 with Retry-After, and nothing else happens. */
  readonly flood: FloodGuard | undefined;
}

/**
 * One request, start to end: read the body (413 past the cap), wait the latency, inject a fault or route
 * it, and for a write that changed the state answer only once the data file has it.
 */
export function createRequestHandler(deps: HandlerDeps) {
  const send = (response: ServerResponse, reply: Reply, extra: Record<string, string> = {}) => {
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    const headers: Record<string, string> = { "Content-Type": "application/json", ...extra };
    headers.Date = new Date(deps.now()).toUTCString(); // the emulator's clock, skewed or not
    if (reply.signed)
      headers.LicenseSignature = sign("sha256", Buffer.from(text), deps.privateKey).toString("base64");
    response.writeHead(reply.status, headers);
    response.end(text);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const record = recorder(deps.requests, request, url, deps.now());
    const flooded = deps.flood?.(request, deps.now());
    const body = await readOrRefuse(request);
    if (body instanceof TooLarge) {
      const tooLarge = failure(413, "payload_too_large", `Request body exceeds ${MAX_REQUEST_BYTES} bytes`);
      record(413, undefined);
      // The body was read to its end (readBody), so closing now cuts nothing the client still sends.
      return send(response, signedFailure(tooLarge), { Connection: "close" });
    }
    if (flooded) {
      record(429, body);
      const throttled = failure(429, "too_many_requests", "Request was throttled: too many requests");
      return send(response, signedFailure(throttled), { "Retry-After": String(flooded.retryAfterSeconds) });
    }
    if (deps.latencyMs) await sleep(deps.latencyMs);
    if (deps.closing()) return void request.socket.destroy();
    const fault = deps.nextFault();
    if (fault) {
      record(fault.type === "status" ? fault.status : 0, body, fault.type);
      return injectFault(fault, response, send, deps.retryAfterSeconds);
    }
    const { reply, mutates } = routeRequest(deps.routes, request, url, body);
    const saved = mutates && reply.status < 400 ? await persisted(deps.store) : true;
    const answer = saved ? reply : signedFailure(failure(500, "internal_error", "Could not save the data"));
    record(answer.status, body);
    send(response, answer);
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch(() => {
      if (!response.headersSent)
        send(response, signedFailure(failure(500, "internal_error", "Internal error")));
    });
  };
}

async function readOrRefuse(request: IncomingMessage): Promise<unknown> {
  const raw = await readBody(request);
  return raw === undefined || raw instanceof TooLarge ? raw : parseBody(request, raw);
}

function recorder(requests: RecordedRequest[] | undefined, request: IncomingMessage, url: URL, at: number) {
  return (status: number, body: unknown, fault?: Fault["type"]): void => {
    requests?.push({
      method: request.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body: body instanceof SyntaxError ? "<invalid JSON>" : body,
      status,
      at,
      ...(fault ? { fault } : {}),
    });
  };
}

/** A write is acknowledged only once it is on disk; without a data file there is nothing to wait for. */
async function persisted(store: DataStore | undefined): Promise<boolean> {
  try {
    await store?.persist();
    return true;
  } catch {
    return false;
  }
}

import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { oauthRoutes, TOKEN_PATH } from "./auth.js";
import { MAX_REQUEST_BYTES, parseBody, readBody, TooLarge } from "./body.js";
import { failure } from "./errors.js";
import { createFaultPlan, type Fault, type FaultRule, injectFault } from "./faults.js";
import { API_PREFIX, licenseApiRoutes } from "./license-api.js";
import { MANAGEMENT_PREFIX, managementRoutes } from "./management-api.js";
import { createDataStore, type DataStore, loadDataFile, savedKeys } from "./persistence.js";
import { type EmulatorEnv, type Reply, type Route, routeRequest, signedFailure } from "./routes.js";
import { createState, type Seed, type State, toSeed } from "./state.js";

export { MAX_REQUEST_BYTES } from "./body.js";

export interface EmulatorOptions {
  readonly seed: Seed;
  readonly host?: string;
  readonly port?: number;
  /** The emulator's clock; tests skew it to exercise date checks. */
  readonly now?: () => number;
  /** Reuse a key pair (generating a 2048-bit RSA pair takes a moment). */
  readonly keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
  /** Load the state from this file if it exists (else start from `seed`); save every write to it. */
  readonly dataFile?: string;
  /** Wait this long before answering each request. */
  readonly latencyMs?: number;
  readonly faults?: readonly FaultRule[];
  /** The random source of fault injection (seed it for reproducible runs). */
  readonly random?: () => number;
  /** Sent as Retry-After with injected 429 and 503 answers. */
  readonly retryAfterSeconds?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  /** The HTTP status answered; 0 when the connection was reset, or when a stalled answer never finished. */
  readonly status: number;
  readonly fault?: Fault["type"];
}

export interface RunningEmulator {
  readonly origin: string;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly managementUrl: string;
  readonly publicKeyPem: string;
  readonly state: State;
  /** true when the state came from an existing `dataFile`. */
  readonly restored: boolean;
  /** Every request answered, in order (for tests and --debug). */
  readonly requests: RecordedRequest[];
  /** How many times the data file was written. */
  dataWrites(): number;
  /** Stop listening, drop open connections, and finish writing the data file. */
  close(): Promise<void>;
}

export function generateSigningKeys(): { privateKey: KeyObject; publicKey: KeyObject } {
  return generateKeyPairSync("rsa", { modulusLength: 2048 });
}

/**
 * A real HTTP server that answers like the License API (signatures checked, responses signed) and the
 * Management API subset licensectl uses, both over one store.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const saved = options.dataFile ? loadDataFile(options.dataFile) : undefined;
  const keys = options.keyPair ?? savedKeys(saved) ?? generateSigningKeys();
  const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  const state = createState(saved ?? options.seed, now());
  const signingKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const snapshot = () => `${JSON.stringify({ ...toSeed(state), signingKey }, null, 2)}\n`;
  const store = options.dataFile ? createDataStore(options.dataFile, snapshot) : undefined;
  if (store && !saved) await store.persist(); // generated credentials must survive a restart too
  const requests: RecordedRequest[] = [];
  let origin = "";
  let closing = false;
  const env: EmulatorEnv = { state, tokens: { tokens: new Map() }, now, publicKeyPem, origin: () => origin };
  const routes: Route[] = [...oauthRoutes(env), ...licenseApiRoutes(env), ...managementRoutes(env)];
  const nextFault = createFaultPlan(options.faults ?? [], options.random ?? Math.random);

  const send = (response: ServerResponse, reply: Reply, extra: Record<string, string> = {}) => {
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    const headers: Record<string, string> = { "Content-Type": "application/json", ...extra };
    headers.Date = new Date(now()).toUTCString(); // the emulator's clock, skewed or not
    if (reply.signed)
      headers.LicenseSignature = sign("sha256", Buffer.from(text), keys.privateKey).toString("base64");
    response.writeHead(reply.status, headers);
    response.end(text);
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    const record = (status: number, body: unknown, fault?: Fault["type"]) =>
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { ...request.headers },
        body: body instanceof SyntaxError ? "<invalid JSON>" : body,
        status,
        ...(fault ? { fault } : {}),
      });
    let body: unknown;
    try {
      const raw = await readBody(request);
      body = raw === undefined ? undefined : parseBody(request, raw);
    } catch (error) {
      if (!(error instanceof TooLarge)) throw error;
      const tooLarge = failure(413, "payload_too_large", `Request body exceeds ${MAX_REQUEST_BYTES} bytes`);
      record(413, undefined);
      send(response, signedFailure(tooLarge), { Connection: "close" });
      request.resume(); // discard what is still arriving until the connection closes
      return;
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    if (closing) return void request.socket.destroy();
    const fault = nextFault();
    if (fault) {
      record(fault.type === "status" ? fault.status : 0, body, fault.type);
      return injectFault(fault, response, send, options.retryAfterSeconds);
    }
    const { reply, mutates } = routeRequest(routes, request, url, body);
    const saved = mutates && reply.status < 400 ? await persisted(store) : true;
    const answer = saved ? reply : signedFailure(failure(500, "internal_error", "Could not save the data"));
    record(answer.status, body);
    send(response, answer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent)
        send(response, signedFailure(failure(500, "internal_error", "Internal error")));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    origin,
    apiUrl: `${origin}${API_PREFIX}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    managementUrl: `${origin}${MANAGEMENT_PREFIX}`,
    publicKeyPem,
    state,
    restored: saved !== undefined,
    requests,
    dataWrites: () => store?.writes ?? 0,
    close: async () => {
      closing = true;
      await closeServer(server);
      await store?.drain();
    },
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

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

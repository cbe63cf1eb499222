import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { oauthRoutes, TOKEN_PATH } from "./auth.js";
import { failure } from "./errors.js";
import { API_PREFIX, licenseApiRoutes } from "./license-api.js";
import { MANAGEMENT_PREFIX, managementRoutes } from "./management-api.js";
import { type EmulatorEnv, type Reply, type Route, signedFailure } from "./routes.js";
import { createState, type Seed, type State } from "./state.js";

export const MAX_REQUEST_BYTES = 1024 * 1024;

export interface EmulatorOptions {
  readonly seed: Seed;
  readonly host?: string;
  readonly port?: number;
  /** The emulator's clock; tests skew it to exercise date checks. */
  readonly now?: () => number;
  /** Reuse a key pair (generating a 2048-bit RSA pair takes a moment). */
  readonly keyPair?: { privateKey: KeyObject; publicKey: KeyObject };
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly status: number;
}

export interface RunningEmulator {
  readonly origin: string;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly managementUrl: string;
  readonly publicKeyPem: string;
  readonly state: State;
  /** Every request answered, in order (for tests and --debug). */
  readonly requests: RecordedRequest[];
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
  const keys = options.keyPair ?? generateSigningKeys();
  const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  const state = createState(options.seed, now());
  const requests: RecordedRequest[] = [];
  let origin = "";
  const env: EmulatorEnv = { state, tokens: { tokens: new Map() }, now, publicKeyPem, origin: () => origin };
  const routes: Route[] = [...oauthRoutes(env), ...licenseApiRoutes(env), ...managementRoutes(env)];

  const route = (request: IncomingMessage, url: URL, body: unknown): Reply => {
    const path = url.pathname.replace(/\/+$/, "");
    for (const candidate of routes) {
      if (candidate.method !== request.method) continue;
      const params = matchPath(candidate.path, path);
      if (params)
        return candidate.handle({ method: candidate.method, url, headers: request.headers, body, params });
    }
    return signedFailure(failure(404, "not_found", "Not found"));
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://emulator");
    let reply: Reply;
    let body: unknown;
    try {
      const raw = await readBody(request);
      body = raw === undefined ? undefined : parseBody(request, raw);
      reply = route(request, url, body);
    } catch (error) {
      reply =
        error instanceof TooLarge
          ? signedFailure(
              failure(413, "payload_too_large", `Request body exceeds ${MAX_REQUEST_BYTES} bytes`),
            )
          : signedFailure(failure(500, "internal_error", "Internal server error"));
    }
    requests.push({
      method: request.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...request.headers },
      body: body instanceof SyntaxError ? "<invalid JSON>" : body,
      status: reply.status,
    });
    const text = reply.body === undefined ? "" : JSON.stringify(reply.body);
    // The emulator's own clock, not the machine's: tests skew it to exercise clock checks.
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      Date: new Date(now()).toUTCString(),
    };
    if (reply.signed)
      headers.LicenseSignature = sign("sha256", Buffer.from(text), keys.privateKey).toString("base64");
    response.writeHead(reply.status, headers);
    response.end(text);
  }

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
    requests,
    close: () => closeServer(server),
  };
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern === "string") return pattern === path ? [] : undefined;
  const match = pattern.exec(path);
  return match ? match.slice(1) : undefined;
}

class TooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
}

/** JSON bodies are parsed (a SyntaxError is kept, to answer invalid_json); forms stay text. */
function parseBody(request: IncomingMessage, raw: string): unknown {
  if ((request.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) return raw;
  try {
    return JSON.parse(raw);
  } catch (error) {
    return error instanceof SyntaxError ? error : new SyntaxError(String(error));
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

import { sign } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { generateSigningKeys } from "../../src/emulator/server.js";
import { startServer } from "./http.js";

/**
 * What a hostile server answers one request with. The body is `json` (serialised) or `text`, signed with
 * the server's key when `signed` (so an attack gets past signature verification: licensectl checks the
 * signature over JSON.stringify of the parsed body, which for `text` must be written that way), or `filler`
 * bytes streamed in chunks (a body of any size without holding it in memory).
 */
export interface HostileAnswer {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly json?: unknown;
  readonly signed?: boolean;
  readonly text?: string;
  readonly filler?: { readonly bytes: number; readonly chunk?: string };
  /** Wait this long before the headers. */
  readonly delayMs?: number;
  /** Send nothing until this settles (the test releases it): an answer that comes only when let. */
  readonly until?: Promise<unknown>;
}

export interface HostileRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingMessage["headers"];
}

export interface HostileServer {
  readonly origin: string;
  /** For LICENSECTL_API_URL (License API paths end up under /api/v4). */
  readonly apiUrl: string;
  /** For LICENSECTL_MANAGEMENT_URL. */
  readonly managementUrl: string;
  /** For LICENSECTL_PUBLIC_KEY: the key that verifies what `signed` answers carry. */
  readonly publicKeyPem: string;
  readonly requests: HostileRequest[];
}

/**
 * A test-only HTTP server on 127.0.0.1 that answers each request with whatever `script` chooses: any status,
 * headers, body, size or delay. Kept out of the shipped emulator on purpose: the emulator implements the API
 * faithfully, and every attack here would be a footgun in a binary users run. Closed after the test file.
 */
export async function startHostileServer(
  script: (request: HostileRequest, index: number) => HostileAnswer,
  options: { readonly keepIdleConnections?: boolean } = {},
): Promise<HostileServer> {
  const keys = generateSigningKeys();
  const requests: HostileRequest[] = [];
  const handler = async (request: IncomingMessage, response: ServerResponse) => {
    for await (const _ of request); // read the request whole: the answer never races the upload
    const url = new URL(request.url ?? "/", "http://hostile");
    const recorded = {
      method: request.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: request.headers,
    };
    requests.push(recorded);
    const answer = script(recorded, requests.length - 1);
    if (answer.delayMs) await sleep(answer.delayMs);
    if (answer.until) await answer.until;
    const headers: Record<string, string> = { "Content-Type": "application/json", ...answer.headers };
    if (answer.filler) return streamFiller(response, answer.status ?? 200, headers, answer.filler);
    const text = answer.json === undefined ? (answer.text ?? "") : JSON.stringify(answer.json);
    if (answer.signed) {
      headers.LicenseSignature = sign("sha256", Buffer.from(text), keys.privateKey).toString("base64");
    }
    response.writeHead(answer.status ?? 200, headers);
    response.end(text);
  };
  const { origin, server } = await startServer((request, response) => {
    handler(request, response).catch(() => response.destroy());
  });
  // Node closes an idle keep-alive connection after 5 s; a hostile server never does.
  if (options.keepIdleConnections) server.keepAliveTimeout = 0;
  return {
    origin,
    apiUrl: `${origin}/api/v4`,
    managementUrl: `${origin}/api/v1`,
    publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }).toString(),
    requests,
  };
}

async function streamFiller(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  filler: { bytes: number; chunk?: string },
): Promise<void> {
  response.writeHead(status, headers);
  const chunk = Buffer.from((filler.chunk ?? "x").repeat(64 * 1024));
  let left = filler.bytes;
  while (left > 0 && !response.destroyed) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    left -= piece.length;
    if (!response.write(piece)) await new Promise((resolve) => response.once("drain", resolve));
  }
  response.end();
}

/** The environment that points licensectl's License API at a hostile server, with API-key auth. */
export function hostileApiEnv(server: HostileServer, extra: Record<string, string> = {}) {
  return {
    LICENSECTL_API_URL: server.apiUrl,
    LICENSECTL_API_KEY: "hostile-api-key",
    LICENSECTL_SHARED_KEY: "hostile-shared-key",
    LICENSECTL_PUBLIC_KEY: server.publicKeyPem,
    LICENSECTL_PRODUCT: "demo",
    LICENSECTL_LICENSE_KEY: "HOSTILE-KEY",
    LICENSECTL_HARDWARE_ID: "hw-hostile",
    ...extra,
  };
}

/** The environment that points licensectl's Management API at a hostile server. */
export function hostileManagementEnv(server: HostileServer, extra: Record<string, string> = {}) {
  return {
    LICENSECTL_MANAGEMENT_URL: server.managementUrl,
    LICENSECTL_MANAGEMENT_API_KEY: "hostile-management-key",
    LICENSECTL_HARDWARE_ID: "hw-hostile",
    ...extra,
  };
}

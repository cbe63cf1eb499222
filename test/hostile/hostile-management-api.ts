import type { IncomingMessage, ServerResponse } from "node:http";
import { startServer } from "../helpers/http.js";

/** What the lying server answers to each listing (one page each), whatever the query asked for. */
export interface HostileListings {
  readonly devices: readonly unknown[];
  readonly variables: readonly unknown[];
}

export interface HostileManagementApi {
  /** Base URL to pass as LICENSECTL_MANAGEMENT_URL (…/api/v1). */
  readonly url: string;
  /** Every request, as "METHOD /path?query", in order. */
  readonly requests: string[];
  /** The paths of the DELETE requests it received: what a client would have destroyed. */
  deletes(): string[];
}

/**
 * A Management API that lies: it ignores every filter and answers the listings it was given, accepts any
 * Api-Key, and answers 200 to each DELETE (recording it). The emulator applies filters faithfully, so it
 * cannot show what a client does with a listing it should not trust.
 */
export async function startHostileManagementApi(listings: HostileListings): Promise<HostileManagementApi> {
  const requests: string[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    const path = new URL(request.url ?? "/", "http://hostile").pathname;
    const page = (results: readonly unknown[]) => ({
      count: results.length,
      next: null,
      previous: null,
      results,
    });
    let body: unknown;
    if (request.method === "GET" && path === "/api/v1/devices/") body = page(listings.devices);
    else if (request.method === "GET" && path === "/api/v1/device-variables/")
      body = page(listings.variables);
    else if (request.method === "DELETE" && path.startsWith("/api/v1/device-variables/")) body = undefined;
    else {
      response.writeHead(404, { "Content-Type": "application/json" }).end('{"detail":"Not found."}');
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(body === undefined ? "" : JSON.stringify(body));
  };
  const { origin } = await startServer((request, response) => {
    request.resume().on("end", () => answer(request, response));
  });
  return {
    url: `${origin}/api/v1`,
    requests,
    deletes: () => requests.filter((line) => line.startsWith("DELETE ")),
  };
}

import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { type ApiFailure, failure } from "./error-responses.js";
import type { State } from "./state.js";

/** What every route handler may use: the shared store and the emulator's clock. */
export interface EmulatorEnv {
  readonly state: State;
  readonly tokens: TokenStore;
  readonly now: () => number;
  readonly publicKeyPem: string;
  /** http://host:port, known once the server listens. */
  origin(): string;
  /**
   * How the Management license listing names a license's product (undocumented, so each plausible shape is
   * served): `product.short_code` (default), a flat `product_short_code`, or only `product.id`.
   */
  readonly licenseProductShape?: LicenseProductShape | undefined;
}

export type LicenseProductShape = "short_code" | "product_short_code" | "id_only";

export interface RouteRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON, raw text for forms, a SyntaxError for malformed JSON, undefined when empty. */
  readonly body: unknown;
  /** Captures of the route's pattern. */
  readonly params: readonly string[];
}

export interface Reply {
  readonly status: number;
  /** Sent as JSON; undefined sends an empty body. */
  readonly body: unknown;
  /** License API answers carry a LicenseSignature; the OAuth and Management APIs' do not. */
  readonly signed: boolean;
}

/** The bearer tokens the emulator issued, each with its expiry (ms since the epoch). */
export interface TokenStore {
  readonly tokens: Map<string, number>;
}

export interface Route {
  readonly method: string;
  /** Matched against the path without a trailing slash. */
  readonly path: string | RegExp;
  handle(request: RouteRequest): Reply;
  /** It changes the state: with a data file, its answer waits until the change is saved. */
  readonly mutates?: boolean;
}

export const signedOk = (body: unknown): Reply => ({ status: 200, body, signed: true });
export const signedFailure = (error: ApiFailure): Reply => ({
  status: error.status,
  body: error,
  signed: true,
});

/** The reply of the first route matching the method and path (a trailing slash is ignored), else 404. */
export function routeRequest(routes: readonly Route[], request: IncomingMessage, url: URL, body: unknown) {
  const path = url.pathname.replace(/\/+$/, "");
  for (const candidate of routes) {
    if (candidate.method !== request.method) continue;
    const params = matchPath(candidate.path, path);
    if (params) {
      const reply = candidate.handle({
        method: candidate.method,
        url,
        headers: request.headers,
        body,
        params,
      });
      return { reply, mutates: candidate.mutates === true };
    }
  }
  return { reply: signedFailure(failure(404, "not_found", "Not found")), mutates: false };
}

function matchPath(pattern: string | RegExp, path: string): string[] | undefined {
  if (typeof pattern === "string") return pattern === path ? [] : undefined;
  const match = pattern.exec(path);
  return match ? match.slice(1) : undefined;
}

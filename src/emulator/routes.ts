import type { IncomingHttpHeaders } from "node:http";
import type { TokenStore } from "./auth.js";
import type { ApiFailure } from "./errors.js";
import type { State } from "./state.js";

/** What every route handler may use: the shared store and the emulator's clock. */
export interface EmulatorEnv {
  readonly state: State;
  readonly tokens: TokenStore;
  readonly now: () => number;
  readonly publicKeyPem: string;
  /** http://host:port, known once the server listens. */
  origin(): string;
}

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

export interface Route {
  readonly method: string;
  /** Matched against the path without a trailing slash. */
  readonly path: string | RegExp;
  handle(request: RouteRequest): Reply;
}

export const signedOk = (body: unknown): Reply => ({ status: 200, body, signed: true });
export const signedFailure = (error: ApiFailure): Reply => ({
  status: error.status,
  body: error,
  signed: true,
});

import type { KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PER_CREDENTIAL_LIMIT, PER_IP_LIMIT } from "../core/window-limits.js";
import { oauthRoutes, TOKEN_PATH } from "./auth.js";
import { createFaultPlan, type FaultRule } from "./faults.js";
import { createFloodGuard, type FloodLimits } from "./flood-limits.js";
import { createRequestHandler, type RecordedRequest } from "./handler.js";
import { API_PREFIX, licenseApiRoutes } from "./license-api.js";
import { MANAGEMENT_PREFIX, managementRoutes } from "./management-api.js";
import { openState } from "./persistence.js";
import type { EmulatorEnv, LicenseProductShape, Route } from "./routes.js";
import type { Seed, State } from "./state.js";

export { MAX_REQUEST_BYTES } from "./body.js";
export type { FloodLimits } from "./flood-limits.js";
export type { RecordedRequest } from "./handler.js";
export { generateSigningKeys } from "./keys.js";

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
  /** How license items name their product (see EmulatorEnv.licenseProductShape). */
  readonly licenseProductShape?: LicenseProductShape;
  /** Keep every request answered, headers and body, in `requests` (for tests); off, nothing is kept. */
  readonly recordRequests?: boolean;
  /**
   * Answer 429 with Retry-After past these limits (the service's are DOCUMENTED_FLOOD_LIMITS). Off when absent:
   * a test or script opts in with the limits it wants, so that fast ones can run in milliseconds.
   */
  readonly floodLimits?: FloodLimits;
}

/** The License API's flood limits (license-api.md §7): 50 a second per credential, 200 per 10 s per IP. */
export const DOCUMENTED_FLOOD_LIMITS: FloodLimits = {
  perCredential: [PER_CREDENTIAL_LIMIT],
  perIp: [PER_IP_LIMIT],
};

export interface RunningEmulator {
  /** http://host:port for clients: loopback when bound to an unspecified address (0.0.0.0, ::). */
  readonly origin: string;
  /** The address the server is bound to, as the system reports it (e.g. 0.0.0.0). */
  readonly boundAddress: string;
  readonly apiUrl: string;
  readonly tokenUrl: string;
  readonly managementUrl: string;
  readonly publicKeyPem: string;
  readonly state: State;
  /** true when the state came from an existing `dataFile`. */
  readonly restored: boolean;
  /** Every request answered, in order, when started with `recordRequests`; else always empty. */
  readonly requests: RecordedRequest[];
  /** The flood limits enforced, if any. */
  readonly floodLimits: FloodLimits | undefined;
  /** How many times the data file was written. */
  dataWrites(): number;
  /** Stop listening, drop open connections, and finish writing the data file. */
  close(): Promise<void>;
}

/**
 * A real HTTP server that answers like the License API (signatures checked, responses signed) and the
 * Management API subset licensectl uses, both over one store.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const { state, keys, store, restored, release } = await openState({ ...options, now: now() });
  const publicKeyPem = keys.publicKey.export({ type: "spki", format: "pem" }).toString();
  const requests: RecordedRequest[] = [];
  let origin = "";
  let closing = false;
  const env: EmulatorEnv = {
    state,
    tokens: { tokens: new Map() },
    now,
    publicKeyPem,
    origin: () => origin,
    licenseProductShape: options.licenseProductShape,
  };
  const routes: Route[] = [...oauthRoutes(env), ...licenseApiRoutes(env), ...managementRoutes(env)];

  const server = createServer(
    createRequestHandler({
      routes,
      requests: options.recordRequests ? requests : undefined,
      privateKey: keys.privateKey,
      now,
      store,
      nextFault: createFaultPlan(options.faults ?? [], options.random ?? Math.random),
      latencyMs: options.latencyMs,
      retryAfterSeconds: options.retryAfterSeconds,
      closing: () => closing,
      flood: options.floodLimits ? createFloodGuard(options.floodLimits) : undefined,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  }).catch((error: unknown) => {
    release();
    throw error;
  });
  const address = server.address() as AddressInfo;
  origin = advertisedOrigin(address);

  return {
    origin,
    boundAddress: address.address,
    apiUrl: `${origin}${API_PREFIX}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    managementUrl: `${origin}${MANAGEMENT_PREFIX}`,
    publicKeyPem,
    state,
    restored,
    requests,
    floodLimits: options.floodLimits,
    dataWrites: () => store?.writes ?? 0,
    close: async () => {
      closing = true;
      await closeServer(server);
      await store?.drain();
      release();
    },
  };
}

/**
 * Where clients reach a server bound to `address`. An unspecified address (0.0.0.0, ::) accepts connections
 * on every interface but is no destination: loopback is, and licensectl accepts plain http:// only there.
 */
export function advertisedOrigin({ address, family, port }: AddressInfo): string {
  if (family === "IPv6") return `http://[${isUnspecified(address) ? "::1" : address}]:${port}`;
  return `http://${isUnspecified(address) ? "127.0.0.1" : address}:${port}`;
}

/** Whether a bound address is an unspecified one (0.0.0.0 or ::), which listens on every interface. */
export const isUnspecified = (address: string): boolean => address === "0.0.0.0" || address === "::";

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

import type { KeyObject } from "node:crypto";
import { type AuthMode, authSecrets, describeAuthMode } from "../api/auth.js";
import { createLicenseApi, type LicenseApi } from "../api/client.js";
import type { DeviceTarget } from "../api/device-variables.js";
import type { RequestGate } from "../api/rate-limiter.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved } from "../config/source.js";
import { assertTrustedEndpoint, assertTrustedIdentity, assertTrustedVerification } from "../config/trust.js";
import type { Context } from "../context.js";
import { configError } from "../core/cli-error.js";
import { USER_AGENT } from "../core/version.js";
import { selectAuthMode } from "./auth-mode.js";
import { type LicenseChoice, resolveTarget } from "./device-target.js";
import { advised, type SentValues } from "./error-advice.js";
import { loadSettings } from "./load-settings.js";
import { loadPublicKey } from "./public-key.js";

export interface DeviceSession {
  readonly api: LicenseApi;
  readonly target: DeviceTarget;
  readonly hardwareId: Resolved<string>;
  readonly auth: AuthMode;
  readonly license: LicenseChoice;
  /**
   * The same client and target for another hardware ID than the configured one (`vars diff <a> <b>`,
   * `vars copy --from --to`): its hints name that ID and where it came from (`argument B`, `flag --to`).
   */
  readonly forDevice: (hardwareId: Resolved<string>) => { api: LicenseApi; target: DeviceTarget };
  /** The run's settings (the journal setting, among others). */
  readonly settings: ResolvedSettings;
}

export interface SessionOptions {
  /** Already-loaded settings (doctor loads them itself). */
  readonly settings?: ResolvedSettings;
  /** Overrides the configured timeout (doctor's per-check budget). */
  readonly timeoutMs?: number;
}

/** Everything a device-variable command needs, validated before any request is sent. */
export async function openDeviceSession(ctx: Context, options: SessionOptions = {}): Promise<DeviceSession> {
  const settings = options.settings ?? loadSettings(ctx).settings;
  const auth = selectAuthMode(settings);
  // Registered before anything can fail: no error message may carry a secret (openLicenseApi adds them again).
  for (const secret of authSecrets(auth)) ctx.out.addSecret(secret);
  const { target, hardwareId, license } = await resolveTarget(settings);
  ctx.out.debug(`hardware ID: ${hardwareId.value} (${describeSource(hardwareId.source)})`);
  // One client (one OAuth token, one time budget per call), advised once per hardware ID a run sends.
  const client = openLicenseApi(ctx, settings, auth, { timeoutMs: options.timeoutMs, sent: null });
  const adviseFor = (sent: Resolved<string>) =>
    advised(client, { ...licenseApiAdvice(settings), sent: { settings, hardwareId: sent, license } });
  // After the credentials' own checks: identity is refused for the same endpoint only once they pass.
  assertTrustedIdentity("apiUrl", required(settings.apiUrl, "apiUrl"), [
    [license.kind, license],
    ["hardwareId", hardwareId],
  ]);
  return {
    api: adviseFor(hardwareId),
    target,
    hardwareId,
    auth,
    license,
    settings,
    forDevice: (sent) => ({ api: adviseFor(sent), target: { ...target, hardwareId: sent.value } }),
  };
}

export interface LicenseApiChoices {
  /** Overrides the configured time budget. */
  readonly timeoutMs?: number | undefined;
  /** Paces every attempt (a fleet run's rate limiter). */
  readonly gate?: RequestGate | undefined;
  /** false: requests already sent are not aborted by Ctrl+C (a fleet run lets them finish and reports them). */
  readonly interruptible?: boolean;
  /**
   * Advice for the server's error codes, given what this run sends; null: the client is returned unadvised,
   * for a caller that advises it once per device it sends (see openDeviceSession).
   */
  readonly sent?: SentValues | null | undefined;
}

/**
 * The License API client of a run: its secrets registered for scrubbing, its endpoints and verification
 * trusted (or refused), the response signature key loaded, and every failure advised.
 */
export function openLicenseApi(
  ctx: Context,
  settings: ResolvedSettings,
  auth: AuthMode,
  choices: LicenseApiChoices = {},
): LicenseApi {
  for (const secret of authSecrets(auth)) ctx.out.addSecret(secret);
  const apiUrl = required(settings.apiUrl, "apiUrl");
  assertTrustedEndpoints(settings, auth);
  const publicKey = verificationKey(settings, ctx.io.cwd);
  const out = ctx.out;
  out.debug(`auth: ${describeAuthMode(auth)}`);
  out.debug(`api: ${apiUrl.value} (${describeSource(apiUrl.source)})`);
  const { signal, ...transport } = transportOptions(ctx, settings);
  const client = createLicenseApi({
    ...transport,
    ...(choices.interruptible === false ? {} : { signal }),
    ...(choices.gate ? { gate: choices.gate } : {}),
    timeoutMs: choices.timeoutMs ?? transport.timeoutMs,
    baseUrl: apiUrl.value,
    auth,
    publicKey,
    now: ctx.io.now,
    warn: (line) => out.warn(line),
    onSecret: (secret) => out.addSecret(secret),
  });
  if (choices.sent === null) return client;
  return advised(client, { ...licenseApiAdvice(settings), sent: choices.sent });
}

function licenseApiAdvice(settings: ResolvedSettings) {
  return { urlKey: "apiUrl", url: required(settings.apiUrl, "apiUrl"), tokenUrl: settings.tokenUrl };
}

/**
 * Refuse the License API endpoints this auth mode would send credentials to when a project file chose them
 * for credentials set elsewhere, and a project file's verifySignature: false or publicKey under the same rule
 * (see config/trust.ts). Shared with doctor, so that it refuses exactly what a
 * command would.
 */
export function assertTrustedEndpoints(settings: ResolvedSettings, auth: AuthMode): void {
  const apiUrl = required(settings.apiUrl, "apiUrl");
  const secrets =
    auth.type === "api-key"
      ? ([
          ["apiKey", settings.apiKey],
          ["sharedKey", settings.sharedKey],
        ] as const)
      : ([["clientSecret", settings.clientSecret]] as const);
  assertTrustedVerification(
    [
      ["verifySignature", settings.verifySignature],
      ["publicKey", settings.publicKey],
    ],
    secrets,
  );
  if (auth.type === "api-key") {
    assertTrustedEndpoint("apiUrl", apiUrl, [
      ["apiKey", settings.apiKey],
      ["sharedKey", settings.sharedKey],
    ]);
  } else {
    // The client secret goes to tokenUrl, and the token it buys to apiUrl.
    assertTrustedEndpoint("tokenUrl", required(settings.tokenUrl, "tokenUrl"), [
      ["clientSecret", settings.clientSecret],
    ]);
    assertTrustedEndpoint("apiUrl", apiUrl, [["clientSecret", settings.clientSecret]]);
  }
}

function verificationKey(settings: ResolvedSettings, cwd: string): KeyObject | undefined {
  if (settings.verifySignature?.value === false) return undefined;
  return loadPublicKey(settings.publicKey, cwd);
}

/** What every API client of a run shares: time budget, retries, Ctrl+C, proxies, User-Agent and --debug. */
export function transportOptions(ctx: Context, settings: ResolvedSettings) {
  return {
    timeoutMs: required(settings.timeout, "timeout").value,
    retries: required(settings.retries, "retries").value,
    signal: ctx.signal,
    env: ctx.io.env,
    userAgent: USER_AGENT,
    debug: (line: string) => ctx.out.debug(line),
  };
}

export function required<T>(setting: Resolved<T> | undefined, key: string): Resolved<T> {
  if (!setting) throw configError(`${key} is not set.`);
  return setting;
}

/**
 * A License API client for a run over many devices (a fleet run, `undo`): every attempt paced by `gate`, and
 * not tied to Ctrl+C, so that requests already sent finish (and are reported) while nothing new is dispatched.
 * Each device names its own license and hardware ID, so neither is resolved here.
 */
export function openManyDevicesApi(ctx: Context, settings: ResolvedSettings, gate: RequestGate): LicenseApi {
  return openLicenseApi(ctx, settings, selectAuthMode(settings), { gate, interruptible: false });
}

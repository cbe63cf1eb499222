import type { KeyObject } from "node:crypto";
import { type AuthMode, authSecrets, describeAuthMode, selectAuthMode } from "../api/auth.js";
import { createLicenseApi, type LicenseApi } from "../api/client.js";
import type { DeviceTarget } from "../api/device-variables.js";
import { loadPublicKey } from "../api/public-key.js";
import type { RequestGate } from "../api/rate-limiter.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved, sourceRank } from "../config/source.js";
import { assertTrustedEndpoint, assertTrustedVerification } from "../config/trust.js";
import type { Context } from "../context.js";
import { configError } from "../core/cli-error.js";
import { USER_AGENT } from "../core/version.js";
import { resolveHardwareId } from "../hardware-id/resolve-hardware-id.js";
import { createHints } from "./api-error-hints.js";
import { loadSettings } from "./load-settings.js";
import { advised } from "./transport-advice.js";

/** Product, exactly one of license key / username, optional license ID, and the one hardware ID. */
export async function resolveTarget(
  settings: ResolvedSettings,
  deriveHardwareId?: Parameters<typeof resolveHardwareId>[1],
): Promise<{ target: DeviceTarget; hardwareId: Resolved<string>; license: LicenseChoice }> {
  const { product, license } = resolveLicenseTarget(settings);
  const hardwareId = await resolveHardwareId(settings, deriveHardwareId);
  return {
    hardwareId,
    license,
    target: {
      product: product.value,
      hardwareId: hardwareId.value,
      ...(license.kind === "licenseKey" ? { licenseKey: license.value } : { username: license.value }),
      licenseId: settings.licenseId?.value,
    },
  };
}

/** The product and the one license a call names, as a command would resolve them (doctor shares this). */
export function resolveLicenseTarget(settings: ResolvedSettings): {
  product: Resolved<string>;
  license: LicenseChoice;
} {
  const { product, licenseKey, username } = settings;
  if (!product) {
    throw configError(
      "No product is configured.",
      "Pass --product <code> or set LICENSECTL_PRODUCT (or product in a config file) to the product short code.",
      "missing_product",
    );
  }
  const license = pickLicense(licenseKey, username);
  if (!license) {
    throw configError(
      "No license is configured.",
      "Pass --license-key <key> (LICENSECTL_LICENSE_KEY) for a key-based product, or --username <email> (LICENSECTL_USERNAME) for a user-based one.",
      "missing_license",
    );
  }
  return { product, license };
}

/** The one license a call names, and where that came from. */
export interface LicenseChoice extends Resolved<string> {
  readonly kind: "licenseKey" | "username";
}

/**
 * A call names exactly one license. When both a key and a username are configured, the one set with
 * higher precedence wins (so `--username` overrides a licenseKey in a config file); a tie is an error.
 */
export function pickLicense(
  licenseKey: Resolved<string> | undefined,
  username: Resolved<string> | undefined,
): LicenseChoice | undefined {
  if (licenseKey && username) {
    const difference = sourceRank(licenseKey.source) - sourceRank(username.source);
    if (difference === 0) {
      throw configError(
        `Both licenseKey (${describeSource(licenseKey.source)}) and username (${describeSource(username.source)}) are set; a call names exactly one license.`,
        "Keep licenseKey for key-based products or username for user-based ones, and unset the other.",
        "ambiguous_license",
      );
    }
    return difference > 0 ? { kind: "licenseKey", ...licenseKey } : { kind: "username", ...username };
  }
  if (licenseKey) return { kind: "licenseKey", ...licenseKey };
  if (username) return { kind: "username", ...username };
  return undefined;
}

export interface DeviceSession {
  readonly api: LicenseApi;
  readonly target: DeviceTarget;
  readonly hardwareId: Resolved<string>;
  readonly auth: AuthMode;
  readonly license: LicenseChoice;
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
  const api = openLicenseApi(ctx, settings, auth, {
    timeoutMs: options.timeoutMs,
    serverHint: createHints(settings, hardwareId, license),
  });
  return { api, target, hardwareId, auth, license, settings };
}

export interface LicenseApiChoices {
  /** Overrides the configured time budget. */
  readonly timeoutMs?: number | undefined;
  /** Paces every attempt (a fleet run's rate limiter). */
  readonly gate?: RequestGate | undefined;
  /** false: requests already sent are not aborted by Ctrl+C (a fleet run lets them finish and reports them). */
  readonly interruptible?: boolean;
  /** Advice for the server's error codes, given what this run sends. */
  readonly serverHint?: ((code: string, status: number) => string | undefined) | undefined;
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
  return advised(client, {
    urlKey: "apiUrl",
    url: apiUrl,
    tokenUrl: settings.tokenUrl,
    serverHint: choices.serverHint,
  });
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

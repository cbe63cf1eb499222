import { authSecrets, describeAuthMode, selectAuthMode } from "../api/auth.js";
import { createLicenseApi, type LicenseApi } from "../api/client.js";
import { loadPublicKey } from "../api/public-key.js";
import type { RequestGate } from "../api/rate-limiter.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource } from "../config/source.js";
import type { Context } from "../context.js";
import { assertTrustedEndpoints, required, transportOptions } from "./device-session.js";
import { advised } from "./transport-advice.js";

/**
 * A License API client for a run over many devices: every attempt paced by `gate`, and not tied to Ctrl+C,
 * so that requests already sent finish (and are reported) while nothing new is dispatched. Each device names
 * its own license and hardware ID, so neither is resolved here.
 */
export function openFleetApi(ctx: Context, settings: ResolvedSettings, gate: RequestGate): LicenseApi {
  const auth = selectAuthMode(settings);
  for (const secret of authSecrets(auth)) ctx.out.addSecret(secret);
  const apiUrl = required(settings.apiUrl, "apiUrl");
  assertTrustedEndpoints(settings, auth);
  const publicKey =
    settings.verifySignature?.value === false ? undefined : loadPublicKey(settings.publicKey, ctx.io.cwd);
  const out = ctx.out;
  out.debug(`auth: ${describeAuthMode(auth)}`);
  out.debug(`api: ${apiUrl.value} (${describeSource(apiUrl.source)})`);
  const { signal: _interrupt, ...transport } = transportOptions(ctx, settings);
  const client = createLicenseApi({
    ...transport,
    gate,
    baseUrl: apiUrl.value,
    auth,
    publicKey,
    now: ctx.io.now,
    warn: (line) => out.warn(line),
    onSecret: (secret) => out.addSecret(secret),
  });
  return advised(client, { urlKey: "apiUrl", url: apiUrl, tokenUrl: settings.tokenUrl });
}

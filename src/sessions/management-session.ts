import { createManagementApi, type ManagementApi } from "../api/management.js";
import { describeSource, type Resolved } from "../config/source.js";
import { assertTrustedEndpoint } from "../config/trust.js";
import type { Context } from "../context.js";
import { configError } from "../core/cli-error.js";
import { resolveHardwareId } from "../hardware-id/resolve-hardware-id.js";
import { required, tlsHandshakeHint, transportOptions, unreachableHint } from "./device-session.js";
import { loadSettings } from "./load-settings.js";

export interface ManagementSession {
  readonly api: ManagementApi;
  /** The device is found by hardware ID, and by license ID when one is configured. */
  readonly hardwareId: Resolved<string>;
  readonly licenseId: Resolved<number> | undefined;
}

/**
 * What a Management API command needs, validated before any request: the key, the base URL and the one
 * hardware ID. No product, license key or License API credentials are involved.
 */
export async function openManagementSession(ctx: Context): Promise<ManagementSession> {
  const { settings } = loadSettings(ctx);
  const key = settings.managementApiKey;
  if (!key) {
    throw configError(
      "No Management API key is configured; deleting variables needs the Management API (the License API cannot delete).",
      "Set LICENSECTL_MANAGEMENT_API_KEY (or managementApiKey in a config file) to a Management API key: a vendor " +
        "back-office key from the LicenseSpring platform, not the License API key (apiKey/sharedKey). Never ship it in an app.",
      "missing_management_key",
    );
  }
  const url = required(settings.managementUrl, "managementUrl");
  assertTrustedEndpoint("managementUrl", url, [["managementApiKey", key]]);
  const hardwareId = await resolveHardwareId(settings.hardwareId);
  const out = ctx.out;
  out.debug(`management API: ${url.value} (${describeSource(url.source)})`);
  out.debug(`hardware ID: ${hardwareId.value} (${describeSource(hardwareId.source)})`);
  const api = createManagementApi({
    baseUrl: url.value,
    apiKey: key.value,
    ...transportOptions(ctx, settings),
    unreachableHint: unreachableHint("managementUrl", url),
    tlsHint: tlsHandshakeHint("managementUrl", url),
    hint: (status) => {
      if (status === 401 || status === 403) {
        return `Check managementApiKey (${describeSource(key.source)}): it must be a Management API key, which is not the License API key.`;
      }
      if (status === 404)
        return `Check managementUrl ${url.value} (${describeSource(url.source)}): it should end in /api/v1.`;
      if (status >= 500) return "The Management API failed on its side: retry later.";
      return undefined;
    },
  });
  return { api, hardwareId, licenseId: settings.licenseId };
}

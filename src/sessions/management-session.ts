import { createManagementApi, type ManagementApi } from "../api/management.js";
import type { RequestGate } from "../api/rate-limiter.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved } from "../config/source.js";
import { assertTrustedEndpoint } from "../config/trust.js";
import type { Context } from "../context.js";
import { configError } from "../core/cli-error.js";
import { resolveHardwareId } from "../hardware-id/resolve-hardware-id.js";
import { required, transportOptions } from "./device-session.js";
import { advised } from "./error-advice.js";
import { configuredLicense, type LicenseSelector } from "./license-selector.js";
import { loadSettings } from "./load-settings.js";

export interface ManagementSession {
  readonly api: ManagementApi;
  /** The device is found by hardware ID, within the configured license when there is one. */
  readonly hardwareId: Resolved<string>;
  readonly license: LicenseSelector | undefined;
  readonly product: Resolved<string> | undefined;
}

/** The Management API client and the settings of the run, before any request. */
export interface OpenedManagementApi {
  readonly api: ManagementApi;
  readonly settings: ResolvedSettings;
}

/**
 * What a Management API command needs, validated before any request: the key, the base URL, the one
 * hardware ID and the configured license (ID, key or username), if any.
 */
export async function openManagementSession(ctx: Context): Promise<ManagementSession> {
  const { api, settings } = openManagementApi(ctx);
  const hardwareId = await resolveHardwareId(settings);
  ctx.out.debug(`hardware ID: ${hardwareId.value} (${describeSource(hardwareId.source)})`);
  return { api, hardwareId, license: configuredLicense(settings), product: settings.product };
}

/**
 * The Management API client (key, URL, trust checked), for commands that list rather than find one device;
 * with a `gate`, every request waits its turn there (a run over many devices paces its listing).
 */
export function openManagementApi(
  ctx: Context,
  settings: ResolvedSettings = loadSettings(ctx).settings,
  gate?: RequestGate,
): OpenedManagementApi {
  const key = settings.managementApiKey;
  if (!key) {
    throw configError(
      "No Management API key is configured; deleting variables and listing devices need the Management API.",
      "Set LICENSECTL_MANAGEMENT_API_KEY (or managementApiKey in a config file) to a Management API key: a vendor " +
        "back-office key from the LicenseSpring platform, not the License API key (apiKey/sharedKey). Never ship it in an app.",
      "missing_management_key",
    );
  }
  const url = required(settings.managementUrl, "managementUrl");
  assertTrustedEndpoint("managementUrl", url, [["managementApiKey", key]]);
  ctx.out.debug(`management API: ${url.value} (${describeSource(url.source)})`);
  const client = createManagementApi({
    baseUrl: url.value,
    apiKey: key.value,
    ...transportOptions(ctx, settings),
    ...(gate ? { gate } : {}),
  });
  const api = advised(client, {
    urlKey: "managementUrl",
    url,
    statusHint: (status) => {
      if (status === 401 || status === 403) {
        return `Check managementApiKey (${describeSource(key.source)}): it must be a Management API key, which is not the License API key.`;
      }
      if (status === 404)
        return `Check managementUrl ${url.value} (${describeSource(url.source)}): it should end in /api/v1.`;
      if (status >= 500) return "The Management API failed on its side: retry later.";
      return undefined;
    },
  });
  return { api, settings };
}

import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved } from "../config/source.js";

/**
 * What to do next for each server error code, phrased with what this run actually sent and where each
 * value came from: support staff debugging a device need "which ID, from where" more than anything.
 */
export function createHints(
  settings: ResolvedSettings,
  hardwareId: Resolved<string>,
  license: Resolved<string> & { readonly kind: string },
) {
  const from = (key: keyof ResolvedSettings): string => {
    const setting = settings[key];
    return setting
      ? `${key} ${JSON.stringify(setting.value)} (${describeSource(setting.source)})`
      : `${key} (not set)`;
  };
  const secretFrom = (key: "apiKey" | "sharedKey" | "clientSecret"): string => {
    const setting = settings[key];
    return setting ? `${key} (${describeSource(setting.source)})` : `${key} (not set)`;
  };
  const licenseSent = `${license.kind} ${JSON.stringify(license.value)} (${describeSource(license.source)})`;

  const hints: Readonly<Record<string, string>> = {
    date_header_diff:
      "The server refused this machine's clock: the Date header must be within 15 minutes of server time. Sync the clock (NTP) and retry.",
    signature_mismatch: `The HMAC signature did not match: ${secretFrom("sharedKey")} does not belong to ${secretFrom("apiKey")}.`,
    invalid_api_key: `The server does not know this API key: check ${secretFrom("apiKey")}.`,
    revoked_api_key: `This API key was revoked: create a new one in the LicenseSpring platform and update ${secretFrom("apiKey")}.`,
    read_only_api_key: "This API key is read-only: writing variables needs a key with write access.",
    hmac_required: "The server requires HMAC-signed requests: configure apiKey and sharedKey.",
    missing_headers:
      "The server did not receive the Date or Authorization header: a proxy may be stripping them.",
    api_key_product_not_allowed: `This API key may not be used for ${from("product")}.`,
    invalid_token: "The server refused the OAuth token: check clientId, clientSecret and tokenUrl.",
    unknown_product: `No product with that short code: check ${from("product")}.`,
    license_not_found: `No such license for this product: check ${licenseSent}.`,
    user_not_found: `No license user with that e-mail: check ${from("username")}.`,
    license_not_active: "The license is not active: activate it in the LicenseSpring platform first.",
    license_not_enabled: "The license is disabled: enable it in the LicenseSpring platform first.",
    device_not_found: deviceNotFoundHint(hardwareId),
    blacklisted: `This device is blacklisted for the license. ${describeSentDevice(hardwareId)}`,
    missing_parameters: "The request lacked a required field: check product and licenseKey or username.",
    validation_error: "The server rejected a field's value: see the message above.",
    not_found: "The endpoint was not found: check apiUrl ends in /api/v4.",
  };

  return (code: string, status: number): string | undefined => {
    const hint = hints[code];
    if (hint) return hint;
    if (code.startsWith("authorization_"))
      return "The Authorization header was refused: check apiKey and sharedKey.";
    if (status >= 500) return "The License API failed on its side: retry later.";
    if (status === 401 || status === 403)
      return "The server refused these credentials: check them with `licensectl config show`.";
    return undefined;
  };
}

/** Which device this run asked for: the hardware ID (and license ID, if any), each with its source. */
export function describeSentDevice(hardwareId: Resolved<string>, licenseId?: Resolved<number>): string {
  const license = licenseId ? ` and license ID ${licenseId.value} (${describeSource(licenseId.source)})` : "";
  return `Sent hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})${license}.`;
}

/** What to do when no device has the hardware ID sent: the same advice from the License and Management APIs. */
export function deviceNotFoundHint(hardwareId: Resolved<string>, licenseId?: Resolved<number>): string {
  return `The license must be activated on this hardware ID first. ${describeSentDevice(hardwareId, licenseId)} ${NEXT_STEP[sentAs(hardwareId)]}`;
}

/** How the hardware ID a request sent was chosen: derived here, the --hardware-id setting, or one side of a two-device verb. */
function sentAs(hardwareId: Resolved<string>): "derived" | "setting" | "side" {
  const { source } = hardwareId;
  if (source.type === "derived") return "derived";
  // `vars diff <a> <b>` (argument A, B) and `vars copy --from --to` name the device per side, not by the setting.
  if (source.type === "argument" || (source.type === "flag" && source.name !== "--hardware-id"))
    return "side";
  return "setting";
}

const NEXT_STEP = {
  derived:
    "If the app registered a different ID (see the license's Devices view in the LicenseSpring platform), pass it with --hardware-id.",
  // The ID was given, so repeating "pass it with --hardware-id" would send the user round in a circle.
  setting:
    "Compare it with the IDs in the license's Devices view in the LicenseSpring platform; `licensectl device id --explain` shows the ID this machine derives and how.",
  side: "Compare it with the hardware IDs `licensectl devices list` shows for this license.",
} as const;

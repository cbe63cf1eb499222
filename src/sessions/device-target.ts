import type { DeviceTarget } from "../api/device-variables.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved, sourceRank } from "../config/source.js";
import { configError } from "../core/cli-error.js";
import { resolveHardwareId } from "../hardware-id/resolve-hardware-id.js";

// The target of a License API call: the product, the one license, and the hardware ID, each from its source.

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

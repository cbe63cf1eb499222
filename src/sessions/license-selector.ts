import type { ManagementApi } from "../api/management.js";
import { listLicenses, type ManagedLicense } from "../api/management-licenses.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource, type Resolved } from "../config/source.js";
import { CliError } from "../core/cli-error.js";
import { pickLicense } from "./device-target.js";

/**
 * The one license a Management API command is about, as configured: a license ID names it directly; a
 * license key or a username (with the product, when one is set) is looked up in the license listing.
 */
export type LicenseSelector =
  | { readonly kind: "licenseId"; readonly setting: Resolved<number> }
  | {
      readonly kind: "licenseKey" | "username";
      readonly setting: Resolved<string>;
      readonly product: Resolved<string> | undefined;
    };

/** A license ID wins (it is the most precise); else the license key or username, as the License API picks. */
export function configuredLicense(settings: ResolvedSettings): LicenseSelector | undefined {
  if (settings.licenseId) return { kind: "licenseId", setting: settings.licenseId };
  const picked = pickLicense(settings.licenseKey, settings.username);
  if (!picked) return undefined;
  const { kind, ...setting } = picked;
  return { kind, setting, product: settings.product };
}

/** "license key "K" (env LICENSECTL_LICENSE_KEY)", for messages. */
export function describeLicense(selector: LicenseSelector): string {
  const name = { licenseId: "license ID", licenseKey: "license key", username: "username" }[selector.kind];
  const product =
    selector.kind !== "licenseId" && selector.product
      ? ` of product ${JSON.stringify(selector.product.value)} (${describeSource(selector.product.source)})`
      : "";
  return `${name} ${JSON.stringify(selector.setting.value)} (${describeSource(selector.setting.source)})${product}`;
}

/** The IDs of the licenses the selector names: one for a license ID, the listing's for a key or username. */
export async function licenseIdsOf(api: ManagementApi, selector: LicenseSelector): Promise<number[]> {
  if (selector.kind === "licenseId") return [selector.setting.value];
  const product = selector.product?.value;
  const licenses: ManagedLicense[] = await listLicenses(
    api,
    selector.kind === "licenseKey"
      ? { licenseKey: selector.setting.value, product }
      : { email: selector.setting.value, product },
  );
  if (licenses.length === 0) {
    throw new CliError("api", `No license has the ${describeLicense(selector)}.`, {
      code: "license_not_found",
      hint: "Check the license key or username (and product) with `licensectl config show`, or pass --license-id.",
    });
  }
  return licenses.map((license) => license.id);
}

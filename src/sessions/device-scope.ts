import type { ManagementApi } from "../api/management.js";
import { type ListedDevice, listDevices, MAX_DEVICES } from "../api/management-device-listing.js";
import { listLicenses } from "../api/management-licenses.js";
import type { ResolvedSettings } from "../config/resolve.js";
import { describeSource } from "../config/source.js";
import { CliError, configError } from "../core/cli-error.js";
import { configuredLicense, describeLicense, licenseIdsOf } from "./license-selector.js";

export interface ScopeOptions {
  /** `--all-licenses`: every license of the configured product, whatever license is configured. */
  readonly allLicenses: boolean;
  /** The product's ID (product_details), for license items that name their product only by ID. */
  readonly productId?: (() => Promise<number>) | undefined;
}

/** The devices of a listing, and what the listing was of (for captions and messages). */
export interface ScopedDevices {
  readonly devices: readonly ListedDevice[];
  /** "license key "K" (env LICENSECTL_LICENSE_KEY)", "product "demo" (flag --product)", … */
  readonly scope: string;
}

/**
 * The devices of the configured license (ID, key or username); with `allLicenses`, of every license of the
 * product; a hardware ID typed as `--hardware-id` on this command line narrows either, and without a license
 * or product lists that hardware ID's devices on every license. Sorted by license, then device ID.
 */
export async function listScopedDevices(
  api: ManagementApi,
  settings: ResolvedSettings,
  options: ScopeOptions,
): Promise<ScopedDevices> {
  const hardwareId = settings.hardwareId?.source.type === "flag" ? settings.hardwareId.value : undefined;
  const narrowed = hardwareId === undefined ? "" : ` with hardware ID ${hardwareId}`;
  const license = options.allLicenses ? undefined : configuredLicense(settings);
  let licenseIds: number[];
  let scope: string;
  if (license) {
    licenseIds = await licenseIdsOf(api, license);
    scope = describeLicense(license);
  } else if (options.allLicenses || hardwareId === undefined) {
    const product = settings.product;
    if (!product) throw nothingToList(options.allLicenses);
    licenseIds = (await listLicenses(api, { product: product.value, productId: options.productId })).map(
      (l) => l.id,
    );
    scope = `product ${JSON.stringify(product.value)} (${describeSource(product.source)})`;
  } else {
    return { devices: sorted(await listDevices(api, { hardwareId })), scope: `every license${narrowed}` };
  }
  const devices: ListedDevice[] = [];
  for (const licenseId of licenseIds) {
    devices.push(...(await listDevices(api, { licenseId, hardwareId })));
    if (devices.length > MAX_DEVICES) throw tooMany(scope);
  }
  return { devices: sorted(devices), scope: `${scope}${narrowed}` };
}

function sorted(devices: ListedDevice[]): ListedDevice[] {
  return devices.sort((a, b) => a.licenseId - b.licenseId || a.id - b.id);
}

function nothingToList(allLicenses: boolean): CliError {
  return configError(
    allLicenses
      ? "--all-licenses lists every license of the product, and no product is configured."
      : "Nothing names the devices to list: no license, product or hardware ID is configured.",
    "Pass --license-key, --username or --license-id for one license; --product <code> (with --all-licenses when a license is configured) for a product; or --hardware-id <id>.",
    allLicenses ? "missing_product" : "missing_license",
  );
}

function tooMany(scope: string): CliError {
  return new CliError(
    "api",
    `The ${scope} has more than ${MAX_DEVICES} devices, more than licensectl lists.`,
    {
      code: "listing_too_long",
      hint: "Name one license (--license-key, --username or --license-id) or pass --hardware-id.",
    },
  );
}

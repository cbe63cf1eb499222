import type { ManagementApi } from "../../../../api/management.js";
import type { ListedDevice } from "../../../../api/management-device-listing.js";
import { listLicenses } from "../../../../api/management-licenses.js";
import type { ResolvedSettings } from "../../../../config/resolve.js";
import type { Context } from "../../../../context.js";
import { CliError, configError } from "../../../../core/cli-error.js";
import { listScopedDevices } from "../../../../sessions/device-scope.js";
import type { FleetTarget } from "./fleet-target.js";
import type { TargetDefaults } from "./validate-device-rows.js";

/**
 * `--all-devices`: every active device of the configured license (ID, key or username), or with none
 * configured of every license of the product, from the Management API listing (checked against its filters
 * there). Each device is then named to the License API with its own license: the configured key or username,
 * else the listed license's key or first user, pinned by its license ID.
 */
export async function findAllDevices(
  ctx: Context,
  api: ManagementApi,
  settings: ResolvedSettings,
  defaults: TargetDefaults,
  allLicenses = false,
  productId?: () => Promise<number>,
): Promise<{ targets: FleetTarget[]; listed: Map<FleetTarget, ListedDevice>; scope: string }> {
  const product = defaults.product;
  if (product === undefined) {
    throw configError(
      "No product is configured; --all-devices sends to the License API, which needs it.",
      "Pass --product <code> or set LICENSECTL_PRODUCT.",
      "missing_product",
    );
  }
  const listed0 = await listScopedDevices(api, settings, { allLicenses, productId });
  const { devices } = listed0;
  // The plan says which: the configured license's devices, or (--all-licenses) every license of the product.
  const scope = allLicenses ? `every license of ${listed0.scope}` : `the ${listed0.scope}`;
  // The License API refuses a blacklisted device (code blacklisted): not a target of "every active device".
  const active = devices.filter((device) => device.active !== false && device.blacklisted !== true);
  ctx.out.info(`${active.length} active device${active.length === 1 ? "" : "s"} on ${scope}.`);
  const configured = allLicenses
    ? undefined
    : defaults.licenseKey !== undefined
      ? { license_key: defaults.licenseKey }
      : defaults.username !== undefined
        ? { username: defaults.username }
        : undefined;
  const users = configured ? undefined : await licenseUsers(api, product, active, productId);
  const listed = new Map<FleetTarget, ListedDevice>();
  const targets = active.map((device) => {
    const target: FleetTarget = {
      product,
      hardware_id: device.hardwareId,
      ...(configured ?? identityOf(device, users)),
      license_id: device.licenseId,
      device_id: device.id,
    };
    listed.set(target, device);
    return target;
  });
  return { targets, listed, scope };
}

/** The first user of each license that has no key, for user-based licenses of a product. */
async function licenseUsers(
  api: ManagementApi,
  product: string,
  devices: readonly ListedDevice[],
  productId: (() => Promise<number>) | undefined,
): Promise<Map<number, string>> {
  const users = new Map<number, string>();
  if (devices.every((device) => device.licenseKey !== undefined)) return users;
  for (const license of await listLicenses(api, { product, productId })) {
    const [email] = license.emails;
    if (email !== undefined) users.set(license.id, email);
  }
  return users;
}

function identityOf(device: ListedDevice, users: ReadonlyMap<number, string> | undefined) {
  if (device.licenseKey !== undefined) return { license_key: device.licenseKey };
  const username = users?.get(device.licenseId);
  if (username !== undefined) return { username };
  throw new CliError(
    "api",
    `The listing names neither a license key nor a user for license ${device.licenseId} (device ${device.id}).`,
    { code: "license_identity_missing", hint: "Name the devices in a file with --devices instead." },
  );
}

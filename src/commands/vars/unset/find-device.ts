import type { ManagementApi } from "../../../api/management.js";
import { type ListedDevice, listDevices } from "../../../api/management-device-listing.js";
import { describeSource, type Resolved } from "../../../config/source.js";
import { CliError } from "../../../core/cli-error.js";
import { deviceNotFoundHint } from "../../../sessions/error-advice.js";
import { describeLicense, type LicenseSelector, licenseIdsOf } from "../../../sessions/license-selector.js";

/**
 * The one device with this hardware ID, within the configured license (ID, key or username) when there is
 * one, through the Management API's verified listings. None is an error; several are listed with the way to
 * pick one (--license-id).
 */
export async function findDevice(
  api: ManagementApi,
  hardwareId: Resolved<string>,
  license: LicenseSelector | undefined,
): Promise<ListedDevice> {
  const devices = await findDevices(api, hardwareId.value, license);
  const [only, ...others] = devices;
  if (!only) {
    const within = license ? ` on the ${describeLicense(license)}` : "";
    throw new CliError("api", `No device with this hardware ID was found${within}.`, {
      code: "device_not_found",
      hint: deviceNotFoundHint(hardwareId, license?.kind === "licenseId" ? license.setting : undefined),
    });
  }
  if (others.length === 0) return only;
  const listed = devices.map(
    (d) =>
      `device ${d.id} (license ${d.licenseId}, hardware ID ${d.hardwareId}${d.active === false ? ", inactive" : ""})`,
  );
  throw new CliError("api", `${devices.length} devices match: ${listed.join("; ")}.`, {
    code: "ambiguous_device",
    hint:
      `Sent hardware ID ${hardwareId.value} (${describeSource(hardwareId.source)})` +
      `${license ? ` and ${describeLicense(license)}` : ""}. Pick one with --license-id <id> (LICENSECTL_LICENSE_ID).`,
  });
}

/** Every device with the hardware ID, in the configured license's listings or across all licenses. */
async function findDevices(
  api: ManagementApi,
  hardwareId: string,
  license: LicenseSelector | undefined,
): Promise<ListedDevice[]> {
  if (!license) return listDevices(api, { hardwareId });
  const found: ListedDevice[] = [];
  for (const licenseId of await licenseIdsOf(api, license)) {
    found.push(...(await listDevices(api, { licenseId, hardwareId })));
  }
  return found;
}

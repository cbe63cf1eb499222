import { CliError } from "../core/cli-error.js";
import type { LicenseApi } from "./client.js";

/** One license a hardware ID is activated on, as far as the answer says. */
export interface DeviceLicense {
  readonly id: number | null;
  readonly licenseKey: string | null;
  readonly username: string | null;
  /** The product short code. */
  readonly product: string | null;
}

export const DEVICE_LICENSES_PATH = "device_licenses";

/**
 * `GET device_licenses?hardware_id=`: the licenses this hardware ID is activated on (License API
 * credentials). The fields of each entry are not documented: read liberally, an entry must be an object.
 */
export async function getDeviceLicenses(api: LicenseApi, hardwareId: string): Promise<DeviceLicense[]> {
  const body = await api.get(DEVICE_LICENSES_PATH, { hardware_id: hardwareId });
  if (!Array.isArray(body)) throw shapeError("expected a JSON array");
  return body.map((item, index) => {
    if (typeof item !== "object" || item === null) throw shapeError(`element ${index} is not an object`);
    const entry = item as Record<string, unknown>;
    const user = entry.user as Record<string, unknown> | null | undefined;
    const product = entry.product_details as Record<string, unknown> | null | undefined;
    return {
      id: numberOrNull(entry.id ?? entry.license_id),
      licenseKey: stringOrNull(entry.license_key),
      username: stringOrNull(user?.email ?? entry.username),
      product: stringOrNull(product?.short_code ?? entry.product),
    };
  });
}

const stringOrNull = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
const numberOrNull = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

function shapeError(detail: string): CliError {
  return new CliError(
    "network",
    `The server's answer to ${DEVICE_LICENSES_PATH} has an unexpected shape: ${detail}.`,
    { code: "invalid_response", facts: { answer: "device_licenses" } },
  );
}

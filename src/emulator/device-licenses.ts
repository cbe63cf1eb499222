import { type ApiFailure, failure } from "./error-responses.js";
import type { State } from "./state.js";

/**
 * GET device_licenses?hardware_id=: the licenses with an active device of that hardware ID, as the License
 * API lists them (the response's exact fields are not documented: these are the ones licensectl reads).
 */
export function deviceLicenses(state: State, query: URLSearchParams): unknown[] | ApiFailure {
  const hardwareId = query.get("hardware_id");
  if (!hardwareId) return failure(400, "missing_parameters", "Missing parameters: hardware_id");
  return state.licenses
    .filter((license) => license.devices.some((d) => d.hardwareId === hardwareId && d.active))
    .map((license) => ({
      id: license.id,
      license_key: license.licenseKey ?? null,
      user: license.username === undefined ? null : { email: license.username },
      license_active: license.active,
      license_enabled: license.enabled,
      product_details: {
        short_code: license.product,
        product_name: state.products.get(license.product)?.name ?? license.product,
      },
    }));
}

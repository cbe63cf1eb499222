import { drf, paginate } from "./drf-pagination.js";
import type { EmulatorEnv, Reply } from "./routes.js";
import type { License } from "./state.js";

/**
 * `GET /licenses/?license_key=&product_short_code=&license_users__true_email=&active=`: exact filters (the
 * e-mail without regard to case); filter names it does not know are ignored, as DRF ignores them.
 */
export function listLicenses(env: EmulatorEnv, url: URL): Reply {
  const query = url.searchParams;
  const active = query.get("active");
  if (active !== null && !["true", "false"].includes(active)) {
    return drf(400, { active: ["Select a valid choice."] });
  }
  const email = query.get("license_users__true_email")?.toLowerCase();
  const licenses = env.state.licenses
    .filter((l) => !query.has("license_key") || l.licenseKey === query.get("license_key"))
    .filter((l) => !query.has("product_short_code") || l.product === query.get("product_short_code"))
    .filter((l) => email === undefined || l.username?.toLowerCase() === email)
    .filter((l) => active === null || l.active === (active === "true"))
    .sort((a, b) => a.id - b.id)
    .map((license) => licenseJson(env, license));
  return paginate(env, url, licenses);
}

function licenseJson(env: EmulatorEnv, license: License) {
  const product = env.state.products.get(license.product);
  const named =
    env.licenseProductShape === "id_only"
      ? { product: { id: product?.id ?? null } }
      : env.licenseProductShape === "product_short_code"
        ? { product_short_code: license.product }
        : {
            product: {
              id: product?.id ?? null,
              short_code: license.product,
              product_name: product?.name ?? license.product,
            },
          };
  return {
    id: license.id,
    license_key: license.licenseKey ?? null,
    active: license.active,
    enabled: license.enabled,
    ...named,
    license_users: license.username === undefined ? [] : [{ true_email: license.username }],
  };
}

import { listingMismatch } from "./listing-mismatch.js";
import { MAX_PAGE_LIMIT, type ManagementApi } from "./management.js";
import { itemObject, requiredId } from "./management-items.js";

/** A license as the Management API lists it, reduced to what licensectl uses. */
export interface ManagedLicense {
  readonly id: number;
  readonly licenseKey: string | undefined;
  /** The product's short code, when the answer names it. */
  readonly product: string | undefined;
  /** The product's numeric ID (`product.id`), when the answer names it. */
  readonly productId: number | undefined;
  readonly active: boolean | undefined;
  /** The e-mails of the license's users (user-based licenses). */
  readonly emails: readonly string[];
}

/** The exact filters of `GET /licenses/`; at least one is given. */
export interface LicenseFilter {
  readonly licenseKey?: string | undefined;
  readonly product?: string | undefined;
  /**
   * The product's ID, asked (once) only when an item names its product by ID alone: the listing's shape is not
   * documented (`product.short_code`, `product_short_code`, or only `product.id`).
   */
  readonly productId?: (() => Promise<number>) | undefined;
  readonly email?: string | undefined;
  readonly active?: boolean | undefined;
}

const LICENSES_PATH = "licenses";
/** More licenses than any one listing of licensectl needs; beyond it, narrow the filter. */
export const MAX_LICENSES = 1_000;

/**
 * `GET /licenses/?license_key=&product_short_code=&license_users__true_email=&active=`, across pages, every
 * item checked against the filters: a server that ignored one would list other licenses, and those are refused.
 */
export async function listLicenses(api: ManagementApi, filter: LicenseFilter): Promise<ManagedLicense[]> {
  const query: Record<string, string> = {
    ...(filter.licenseKey !== undefined ? { license_key: filter.licenseKey } : {}),
    ...(filter.product !== undefined ? { product_short_code: filter.product } : {}),
    ...(filter.email !== undefined ? { license_users__true_email: filter.email } : {}),
    ...(filter.active !== undefined ? { active: String(filter.active) } : {}),
  };
  const items = await api.list(LICENSES_PATH, query, {
    maxItems: MAX_LICENSES,
    what: `licenses matching ${JSON.stringify(query)}`,
    listing: "licenses",
    pageLimit: filter.licenseKey === undefined && filter.email === undefined ? MAX_PAGE_LIMIT : undefined,
  });
  let wantedId: number | undefined;
  const seen = new Set<number>();
  const licenses: ManagedLicense[] = [];
  for (const [index, item] of items.entries()) {
    const license = readLicense(item, index);
    let mismatch: string | undefined;
    if (
      filter.product !== undefined &&
      license.product === undefined &&
      license.productId !== undefined &&
      filter.productId
    ) {
      wantedId ??= await filter.productId();
      mismatch =
        license.productId !== wantedId
          ? `is of product ID ${license.productId}, not ${wantedId} (${JSON.stringify(filter.product)})`
          : filterMismatch({ ...license, product: filter.product }, filter);
    } else mismatch = filterMismatch(license, filter);
    if (mismatch) throw listingMismatch(`the license listing holds license ${license.id}, which ${mismatch}`);
    // A license listed twice would have its devices listed, and written, twice.
    if (seen.has(license.id)) throw listingMismatch(`the license listing holds license ${license.id} twice`);
    seen.add(license.id);
    licenses.push(license);
  }
  return licenses;
}

function readLicense(item: unknown, index: number): ManagedLicense {
  const fields = itemObject(item, `licenses[${index}]`);
  const id = requiredId(fields.id, `licenses[${index}].id`);
  const users = Array.isArray(fields.license_users) ? fields.license_users : [];
  return {
    id,
    licenseKey: typeof fields.license_key === "string" ? fields.license_key : undefined,
    product: productCode(fields),
    productId: productIdField(fields),
    active: typeof fields.active === "boolean" ? fields.active : undefined,
    emails: users.flatMap((user) => {
      const email = (user as { true_email?: unknown } | null)?.true_email;
      return typeof email === "string" ? [email] : [];
    }),
  };
}

/** `product_short_code`, or `product.short_code` when the product is expanded. */
function productCode(fields: Record<string, unknown>): string | undefined {
  if (typeof fields.product_short_code === "string") return fields.product_short_code;
  const product = fields.product;
  if (typeof product !== "object" || product === null) return undefined;
  const code = (product as { short_code?: unknown }).short_code;
  return typeof code === "string" ? code : undefined;
}

/** `product.id`, when the product is an object with a numeric ID. */
function productIdField(fields: Record<string, unknown>): number | undefined {
  const id = (fields.product as { id?: unknown } | null | undefined)?.id;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Why a listed license does not answer the filter (a field that is absent cannot prove it either). */
function filterMismatch(license: ManagedLicense, filter: LicenseFilter): string | undefined {
  if (filter.licenseKey !== undefined && license.licenseKey !== filter.licenseKey) {
    return "has another license key than the one asked for";
  }
  if (filter.product !== undefined && license.product !== filter.product) {
    return `is of product ${JSON.stringify(license.product ?? "unknown")}, not ${JSON.stringify(filter.product)}`;
  }
  const email = filter.email?.toLowerCase();
  if (email !== undefined && !license.emails.some((e) => e.toLowerCase() === email)) {
    return "has no user with the e-mail asked for";
  }
  if (filter.active !== undefined && license.active !== filter.active) {
    return `is not ${filter.active ? "active" : "inactive"}`;
  }
  return undefined;
}

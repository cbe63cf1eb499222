import { CliError } from "../core/cli-error.js";
import type { LicenseApi } from "./client.js";

export const PRODUCT_DETAILS_PATH = "product_details";

/**
 * `GET product_details?product=<code>`: the product's numeric ID (`product_id`), to recognise the product in a
 * Management license item that names it only by ID. An answer without a positive whole `product_id` is refused.
 */
export async function productIdOf(api: LicenseApi, code: string): Promise<number> {
  const body = (await api.get(PRODUCT_DETAILS_PATH, { product: code })) as { product_id?: unknown } | null;
  const id = typeof body === "object" && body !== null ? body.product_id : undefined;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return id;
  throw new CliError("api", `The answer to ${PRODUCT_DETAILS_PATH} names no product ID for "${code}".`, {
    code: "invalid_response",
  });
}

import { describe, expect, it } from "vitest";
import { MANAGEMENT_API_KEY, PRODUCT, signedRequest, startTestEmulator } from "../helpers/emulator.js";

const licenses = async (emulator: Awaited<ReturnType<typeof startTestEmulator>>) => {
  const response = await fetch(`${emulator.managementUrl}/licenses/?product_short_code=${PRODUCT}`, {
    headers: { Authorization: `Api-Key ${MANAGEMENT_API_KEY}` },
  });
  return ((await response.json()) as { results: Array<Record<string, unknown>> }).results;
};

describe("the emulator serves each shape a license item may name its product in", () => {
  it("answers product_details with the product's ID, the ID the license items carry", async () => {
    const emulator = await startTestEmulator();
    const response = await signedRequest(emulator, "product_details", { query: { product: PRODUCT } });
    expect(response.status).toBe(200);
    const details = (await response.json()) as { product_id: number; short_code: string };
    expect(details).toMatchObject({ product_id: expect.any(Number), short_code: PRODUCT });
    const [first] = await licenses(emulator);
    expect(first?.product).toMatchObject({ id: details.product_id, short_code: PRODUCT });
    const unknown = await signedRequest(emulator, "product_details", { query: { product: "nope" } });
    expect(unknown.status).toBe(400);
  });

  it("names it as product_short_code, or only as product.id, when asked to", async () => {
    const flat = await startTestEmulator({ licenseProductShape: "product_short_code" });
    const [one] = await licenses(flat);
    expect(one).toMatchObject({ product_short_code: PRODUCT });
    expect(one?.product).toBeUndefined();
    const bare = await startTestEmulator({ licenseProductShape: "id_only" });
    const [two] = await licenses(bare);
    expect(two?.product).toEqual({ id: expect.any(Number) });
    expect(two?.product_short_code).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { demoSeed } from "../../src/emulator/seed.js";
import { checkSeed } from "../../src/emulator/seed-check.js";
import { createState, toSeed } from "../../src/emulator/state.js";
import { testSeed } from "../helpers/emulator.js";
import { thrownBy } from "../helpers/errors.js";

const DELETED = Symbol("deleted");

/** A copy of the test seed with the field at a dotted path ("licenses.0.product") set, or deleted. */
function seedWith(path: string, value: unknown): unknown {
  const seed: unknown = structuredClone(testSeed());
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.reduce((node, key) => (node as Record<string, unknown>)[key], seed) as Record<
    string,
    unknown
  >;
  if (value === DELETED) delete parent[last];
  else parent[last] = value;
  return seed;
}

describe("checkSeed", () => {
  it.each([
    ["the test seed", testSeed()],
    ["the demo seed", demoSeed("this-machine")],
    [
      "a --data snapshot (stored variables, ids, timestamps)",
      toSeed(createState(testSeed(), 1_700_000_000_000)),
    ],
    ["a variable of each type", seedWith("licenses.0.devices.0.variables", { s: "x", n: 5, b: false })],
  ])("accepts %s", (_, seed) => {
    expect(checkSeed(seed, "Seed file seed.json")).toBe(seed);
  });

  const D0 = "licenses.0.devices.0";
  it.each<[string, string, unknown, string]>([
    [
      "a null variable",
      "licenses.0.devices.1.variables",
      { a: null },
      "licenses[0].devices[1].variables.a must be a string, number or boolean (got null)",
    ],
    [
      "a stored variable without value",
      "licenses.1.devices.0.variables.plan",
      { id: 3 },
      "licenses[1].devices[0].variables.plan.value is missing",
    ],
    [
      "a stored variable's value",
      `${D0}.variables.region`,
      { value: [1] },
      "licenses[0].devices[0].variables.region.value must be a string, number or boolean (got an array)",
    ],
    [
      "a name that is no identifier",
      `${D0}.variables`,
      { "my var": {} },
      'licenses[0].devices[0].variables["my var"].value is missing',
    ],
    [
      "variables that are no object",
      `${D0}.variables`,
      ["a"],
      "licenses[0].devices[0].variables must be an object (got an array)",
    ],
    [
      "a numeric apiKey",
      "apiKeys.0.apiKey",
      5,
      "apiKeys[0].apiKey must be a non-empty string (got a number)",
    ],
    [
      "an empty sharedKey",
      "apiKeys.1.sharedKey",
      "",
      "apiKeys[1].sharedKey must be a non-empty string (got an empty string)",
    ],
    [
      "a readOnly that is no boolean",
      "apiKeys.1.readOnly",
      "yes",
      "apiKeys[1].readOnly must be true or false (got a string)",
    ],
    ["apiKeys that are no array", "apiKeys", { apiKey: "k" }, "apiKeys must be an array (got an object)"],
    ["an apiKeys entry that is no object", "apiKeys", ["k"], "apiKeys[0] must be an object (got a string)"],
    [
      "a numeric clientSecret",
      "oauthClients.0.clientSecret",
      7,
      "oauthClients[0].clientSecret must be a non-empty string (got a number)",
    ],
    [
      "an empty management key",
      "managementApiKeys",
      ["ok", ""],
      "managementApiKeys[1] must be a non-empty string (got an empty string)",
    ],
    [
      "a numeric management key",
      "managementApiKeys",
      [1],
      "managementApiKeys[0] must be a non-empty string (got a number)",
    ],
    [
      "management keys that are no array",
      "managementApiKeys",
      "k1",
      "managementApiKeys must be an array (got a string)",
    ],
    [
      "a device ID as text",
      "licenses.0.devices.2.id",
      "1698663677416481",
      "licenses[0].devices[2].id must be a positive whole number (got a string)",
    ],
    [
      "a fractional device ID",
      `${D0}.id`,
      1.5,
      "licenses[0].devices[0].id must be a positive whole number (got a number)",
    ],
    [
      "a device without hardwareId",
      "licenses.1.devices.0.hardwareId",
      DELETED,
      "licenses[1].devices[0].hardwareId is missing",
    ],
    [
      "a numeric hardwareId",
      "licenses.0.devices.1.hardwareId",
      42,
      "licenses[0].devices[1].hardwareId must be a non-empty string (got a number)",
    ],
    [
      "a blacklisted flag as text",
      "licenses.0.devices.2.blacklisted",
      "true",
      "licenses[0].devices[2].blacklisted must be true or false (got a string)",
    ],
    [
      "a license ID as text",
      "licenses.2.id",
      "1003",
      "licenses[2].id must be a positive whole number (got a string)",
    ],
    [
      "a license with both keys",
      "licenses.1.licenseKey",
      "K",
      'licenses[1] needs exactly one of "licenseKey" or "username"',
    ],
    [
      "a license with neither",
      "licenses.0.licenseKey",
      DELETED,
      'licenses[0] needs exactly one of "licenseKey" or "username"',
    ],
    ["a license without product", "licenses.3.product", DELETED, "licenses[3].product is missing"],
    [
      "devices that are no array",
      "licenses.0.devices",
      {},
      "licenses[0].devices must be an array (got an object)",
    ],
    ["no products", "products", DELETED, "products is missing"],
    ["a product without code", "products", [{ name: "x" }], "products[0].code is missing"],
    [
      "a signing key that is no text",
      "signingKey",
      1,
      "signingKey must be a non-empty string (got a number)",
    ],
  ])("refuses %s (%s), naming the file and where", (_, path, value, problem) => {
    const error = thrownBy(() => checkSeed(seedWith(path, value), "Seed file seed.json"));
    expect(error).toMatchObject({ kind: "config", code: "invalid_seed" });
    expect(error.message).toBe(`Seed file seed.json: ${problem}.`);
  });

  it("refuses a top level that is not an object", () => {
    expect(thrownBy(() => checkSeed([], "Seed file seed.json")).message).toBe(
      "Seed file seed.json: the top level must be an object (got an array).",
    );
  });

  it("describes a wrong value by its type only, never its text (it may be a secret)", () => {
    const error = thrownBy(() => checkSeed(seedWith("managementApiKeys", "mgmt-secret-1234"), "x"));
    expect(error.message).toBe("x: managementApiKeys must be an array (got a string).");
  });
});

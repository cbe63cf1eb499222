import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { LICENSESPRING_PUBLIC_KEY } from "../../src/api/public-key.js";
import { verifyLicenseSignature } from "../../src/api/signature.js";
import { loadPublicKey } from "../../src/sessions/public-key.js";
import { thrownBy } from "../helpers/errors.js";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const body = [{ variable: "a", value: "1", device_id: 1, created_at: 2 }];
const signatureOf = (value: unknown) =>
  sign("sha256", Buffer.from(JSON.stringify(value)), privateKey).toString("base64");

describe("verifyLicenseSignature", () => {
  it("accepts RSA-SHA256 over JSON.stringify of the parsed body", () => {
    expect(() => verifyLicenseSignature(body, signatureOf(body), publicKey)).not.toThrow();
  });

  it("refuses a body that was changed after signing", () => {
    const tampered = [{ ...body[0], value: "2" }];
    const error = thrownBy(() => verifyLicenseSignature(tampered, signatureOf(body), publicKey));
    expect(error.kind).toBe("verification");
    expect(error.code).toBe("signature_invalid");
  });

  it("refuses a missing header", () => {
    expect(thrownBy(() => verifyLicenseSignature(body, null, publicKey)).code).toBe("signature_missing");
  });

  it("refuses garbage in the header", () => {
    expect(thrownBy(() => verifyLicenseSignature(body, "not base64 !!", publicKey)).code).toBe(
      "signature_invalid",
    );
  });
});

describe("loadPublicKey", () => {
  it("defaults to LicenseSpring's 4096-bit production key", () => {
    const key = loadPublicKey(undefined, "/");
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(4096);
    expect(LICENSESPRING_PUBLIC_KEY).toContain("BEGIN PUBLIC KEY");
  });

  it("names the source of an unusable key", () => {
    const error = thrownBy(() =>
      loadPublicKey(
        {
          value: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----",
          source: { type: "env", name: "LICENSECTL_PUBLIC_KEY" },
        },
        "/",
      ),
    );
    expect(error.kind).toBe("config");
    expect(error.message).toContain("env LICENSECTL_PUBLIC_KEY");
  });

  it("names the path of an unreadable PEM file", () => {
    const error = thrownBy(() =>
      loadPublicKey(
        {
          value: "keys/none.pem",
          source: { type: "file", scope: "project", file: "/nowhere/.licensectlrc" },
        },
        "/",
      ),
    );
    expect(error.message).toContain("/nowhere/keys/none.pem");
  });
});

import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { CliError } from "../core/cli-error.js";

export const SIGNATURE_HEADER = "LicenseSignature";

/**
 * LicenseSpring signs each response with RSA-SHA256 (PKCS#1 v1.5) over JSON.stringify of the parsed body,
 * base64 in the LicenseSignature header. Missing or wrong: a verification error, and the data is discarded.
 */
export function verifyLicenseSignature(parsedBody: unknown, header: string | null, key: KeyObject): void {
  if (!header) {
    throw new CliError(
      "verification",
      `The response has no ${SIGNATURE_HEADER} header, so it cannot be trusted.`,
      { code: "signature_missing" },
    );
  }
  const signature = Buffer.from(header.trim(), "base64");
  const canonical = Buffer.from(JSON.stringify(parsedBody), "utf8");
  let valid = false;
  try {
    valid = signature.length > 0 && verify("sha256", canonical, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new CliError(
      "verification",
      `The response's ${SIGNATURE_HEADER} does not match its body: it was altered in transit or signed with another key.`,
      { code: "signature_invalid" },
    );
  }
}

export function parsePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== "rsa") throw new Error(`expected an RSA key, got ${key.asymmetricKeyType}`);
  return key;
}

import { createDecipheriv, createHash } from "node:crypto";
import { configError } from "../core/cli-error.js";
import { nestsDeeperThan } from "../core/json-depth.js";

/**
 * The license file of LicenseSpring's Node SDK (@licensespring/node-sdk: storage-file.js, license-file.js,
 * license-data.js), read without the SDK. The SDK saves it at `<filePath>/<filename>.key` as text: the
 * Base64 of a 16-byte IV (24 characters), then the Base64 of the AES-256-CBC ciphertext of JSON. The cipher
 * key is the first 32 characters of Base64(SHA-256(fileKey)), used as 32 bytes of text. The JSON is either
 * one license (it has `product` and `hardware_id`) or, as the SDK writes it today, an object keyed by
 * product code, each value one license: the activation answer's fields (`license_key`, or `user.email` for
 * a user-based product; `id`, the license ID) plus `product` and `hardware_id`.
 */

/** What licensectl takes from one license in the file, verbatim. */
export interface LicenseFileEntry {
  readonly product: string;
  readonly license:
    | { readonly kind: "licenseKey"; readonly value: string }
    | { readonly kind: "username"; readonly value: string };
  /** The license ID (`id`), when the file has one. */
  readonly licenseId: number | undefined;
  readonly hardwareId: string;
}

const IV_CHARS = 24;
const BLOCK = 16;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The SDK's cipher key for a fileKey: 32 characters of Base64(SHA-256(fileKey)), as bytes. */
export function cipherKey(fileKey: string): Buffer {
  return Buffer.from(createHash("sha256").update(fileKey).digest("base64").slice(0, 32), "utf8");
}

/** Where a problem lies, for the messages: "license file /path". */
export interface FileLabel {
  readonly path: string;
  /** The setting that holds the key, and where it came from, for "check …" advice. */
  readonly keySource: string;
}

const NOT_A_LICENSE_FILE_HINT =
  "Check licenseFile: it must name the <filename>.key file the app's LicenseSpring SDK wrote in its filePath (see docs/configuration.md).";

/** The JSON text inside the file, or an exit-3 error saying whether the file or the key is at fault. */
export function decryptLicenseFile(text: string, fileKey: string, label: FileLabel): string {
  const body = text.trim();
  const iv = Buffer.from(body.slice(0, IV_CHARS), "base64");
  const cipherText = body.slice(IV_CHARS);
  const ciphertext = Buffer.from(cipherText, "base64");
  if (
    body.length <= IV_CHARS ||
    !BASE64.test(body.slice(0, IV_CHARS)) ||
    !BASE64.test(cipherText) ||
    iv.length !== BLOCK ||
    ciphertext.length === 0 ||
    ciphertext.length % BLOCK !== 0
  ) {
    throw configError(
      `${label.path} is not a LicenseSpring license file: it is not the SDK's encrypted text (a Base64 IV of ${IV_CHARS} characters, then Base64 ciphertext).`,
      NOT_A_LICENSE_FILE_HINT,
      "license_file_not_license",
    );
  }
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-cbc", cipherKey(fileKey), iv);
    plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw wrongKey(label);
  }
  return plain;
}

function wrongKey(label: FileLabel): Error {
  return configError(
    `${label.path} could not be decrypted with licenseFileKey (${label.keySource}): the key is not the one the app wrote it with.`,
    "Check licenseFileKey: it must be the app's own fileKey, the one it passes to LicenseSpring's SDK (its LICENSE_FILE_KEY).",
    "license_file_wrong_key",
  );
}

/** Every license in the decrypted JSON, keyed by product code, each checked for the fields licensectl uses. */
export function parseLicenseFile(json: string, label: FileLabel): LicenseFileEntry[] {
  if (nestsDeeperThan(json)) throw notALicense(label, "its JSON nests deeper than any license");
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    // AES-CBC with a wrong key ends in valid padding about once in 256 tries: garbage, not JSON.
    throw wrongKey(label);
  }
  if (!isObject(data)) throw notALicense(label, "it holds no license object");
  const single = "product" in data && "hardware_id" in data;
  const licenses: Array<[string, unknown]> = single
    ? [[typeof data.product === "string" ? data.product : "", data]]
    : Object.entries(data);
  if (licenses.length === 0) throw notALicense(label, "it holds no license");
  return licenses.map(([product, license]) => entryOf(product, license, label));
}

function entryOf(product: string, license: unknown, label: FileLabel): LicenseFileEntry {
  const where = `${label.path}, product ${JSON.stringify(product)}`;
  if (!isObject(license))
    throw notALicense(label, `the entry of product ${JSON.stringify(product)} is not a license`);
  if (product === "") throw missingField(where, "product");
  const hardwareId = license.hardware_id;
  if (typeof hardwareId !== "string" || hardwareId === "") throw missingField(where, "hardware_id");
  const user = license.user;
  let identity: LicenseFileEntry["license"];
  if (user) {
    // The SDK names a license by its user when the file has one (LicenseData.getIdentificator).
    const email = isObject(user) ? user.email : undefined;
    if (typeof email !== "string" || email === "") throw missingField(where, "user.email");
    identity = { kind: "username", value: email };
  } else {
    const key = license.license_key;
    if (typeof key !== "string" || key === "") throw missingField(where, "license_key (or user.email)");
    identity = { kind: "licenseKey", value: key };
  }
  const id = license.id;
  if (id !== undefined && id !== null && !(typeof id === "number" && Number.isSafeInteger(id) && id > 0)) {
    throw configError(
      `${where}: "id" (the license ID) must be a positive integer, got ${JSON.stringify(id)}.`,
      "The file is damaged or not written by LicenseSpring's SDK: let the app check its license again (it rewrites the file), or pass --license-id.",
      "license_file_bad_field",
    );
  }
  return { product, license: identity, licenseId: typeof id === "number" ? id : undefined, hardwareId };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function notALicense(label: FileLabel, why: string): Error {
  return configError(
    `${label.path} decrypted, but is not a LicenseSpring license file: ${why}.`,
    NOT_A_LICENSE_FILE_HINT,
    "license_file_not_license",
  );
}

function missingField(where: string, field: string): Error {
  return configError(
    `${where}: the license has no "${field}".`,
    "The file is incomplete (an activation that did not finish?): let the app activate or check its license again, which rewrites the file, or give the value with its flag.",
    "license_file_missing_field",
  );
}

import type { KeyObject } from "node:crypto";
import { dirname, resolve } from "node:path";
import { LICENSESPRING_PUBLIC_KEY } from "../api/public-key.js";
import { parsePublicKey } from "../api/signature.js";
import type { Resolved } from "../config/source.js";
import { describeSource } from "../config/source.js";
import { configError } from "../core/cli-error.js";
import { ownerAndModeRefusal, RefusedFile, readRegularFile } from "../core/safe-read.js";

/** A PEM public key is a few kilobytes; a path to anything much larger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

/**
 * The key that verifies responses: the configured one (PEM text, or a path to a PEM file; a relative path
 * in a config file is relative to that file) or LicenseSpring's production key.
 */
export function loadPublicKey(setting: Resolved<string> | undefined, cwd: string): KeyObject {
  if (!setting) return parsePublicKey(LICENSESPRING_PUBLIC_KEY);
  const where = describeSource(setting.source);
  let pem = setting.value;
  if (!pem.includes("-----BEGIN")) {
    const base = "file" in setting.source ? dirname(setting.source.file) : cwd;
    const path = resolve(base, pem);
    try {
      // The key decides what is trusted: a regular file of yours (or root's) that nobody else may write.
      const judge = (stats: Parameters<typeof ownerAndModeRefusal>[0]) =>
        ownerAndModeRefusal(stats, process.getuid?.());
      pem = readRegularFile(path, { maxBytes: MAX_KEY_BYTES, judge }).toString("utf8");
    } catch (error) {
      if (error instanceof RefusedFile) {
        throw configError(
          `publicKey (${where}) names ${path}, which was not read: ${error.reason}.`,
          "Give PEM text, or the path of a regular PEM file that only you (or root) can write.",
          "unsafe_public_key_file",
        );
      }
      throw configError(
        `publicKey (${where}) names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`,
        "Give PEM text or the path of a readable PEM file.",
      );
    }
  }
  try {
    return parsePublicKey(pem);
  } catch (error) {
    throw configError(
      `publicKey (${where}) is not a usable RSA public key (${error instanceof Error ? error.message : String(error)}).`,
      "Give an SPKI PEM (-----BEGIN PUBLIC KEY-----), such as the pub_key served by {apiUrl}/.well-known.",
    );
  }
}

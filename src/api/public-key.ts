import type { KeyObject } from "node:crypto";
import { dirname, resolve } from "node:path";
import type { Resolved } from "../config/source.js";
import { describeSource } from "../config/source.js";
import { configError } from "../core/cli-error.js";
import { ownerAndModeRefusal, RefusedFile, readRegularFile } from "../core/safe-read.js";
import { parsePublicKey } from "./signature.js";

/** LicenseSpring's production key (4096-bit RSA, SPKI), as published in the API documentation. */
export const LICENSESPRING_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAwEt7ZQWSzeBYNBwyi3KW
+XU/6I+ju90R5ZpTvSE4VWL8KSgVJ6bWKIhaKTL2hbUpIQQgS5ZKfa4SEEMdIm5k
xe0u2F64JFAVQunx/1O/UXsD7ADVt93Q/hxA9Npa16tKepZoyhi79sxpaxyy/WTd
sZKuTLApX7bWX6/XPhaPjNyiWeeK2Naka44B+F+PwN/ey3rZUra3pBltShwy2dmK
IxJVmprf5ttMYBB+ouqPin3VgDw5Jq1FZwpLBiOe+ogR+sHu7QYWwLq6AgC4e3Jq
gryEvqfJr/XkvOnAdcAIZm6tK6DdnLWCy6Onrk7t0VQK5nnGF1CKE+jcAByWopcI
VCwfYrs1UCSY1YibKXNJoyvEhgLyCC+KAgXKf8omcg1Q18XKu5XSrvrCzXLnRnaF
NpFDjcg5AJJab78hX7qGPC+e8PjuBYwh2vtx5mFj7/c+T59JM/vXwwvW9DsnDztD
WEDFhzGanU71NgwrZbRoNSyTW0UjbZsyJVSIX6233Ng0y5L9mDe8p8P+u1B0sXAA
ozEKL/yG4Qu5r4LIw4iv6JVPT1xbWlH4Vc4KaN3toaf4+G0EkFy6ncvBncWifLAR
SoWpQ5YsygDdQNVYdmMsoQ76UTuNxo3eZ0sQJjbQVBqlkcXrAdtUCpuojPRsl/Xs
9zVOJrzZPG0I98E5quNbRkMCAwEAAQ==
-----END PUBLIC KEY-----
`;

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

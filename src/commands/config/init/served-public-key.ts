import { createHash } from "node:crypto";
import { send } from "../../../api/http.js";
import { parsePublicKey } from "../../../api/signature.js";
import type { Context } from "../../../context.js";
import { USER_AGENT } from "../../../core/version.js";

const WELL_KNOWN_TIMEOUT_MS = 10_000;

export interface ServedKey {
  readonly pem: string;
  /** Where it came from: `{apiUrl}/.well-known`. */
  readonly url: string;
  /** SHA-256 of the key's DER form, to compare with what the vendor publishes. */
  readonly fingerprint: string;
}

/**
 * The RSA public key an endpoint other than LicenseSpring's serves as `pub_key` at `{apiUrl}/.well-known`
 * (the emulator does), or undefined when it serves none that is usable: the caller then asks for one.
 */
export async function servedPublicKey(ctx: Context, apiUrl: string): Promise<ServedKey | undefined> {
  const url = `${apiUrl.replace(/\/+$/, "")}/.well-known`;
  try {
    const response = await send(
      () => ({ method: "GET", url, headers: { Accept: "application/json", "User-Agent": USER_AGENT } }),
      {
        timeoutMs: WELL_KNOWN_TIMEOUT_MS,
        debug: (line) => ctx.out.debug(line),
        signal: ctx.signal,
        env: ctx.io.env,
      },
    );
    const pem = (JSON.parse(response.body) as { pub_key?: unknown }).pub_key;
    if (response.status !== 200 || typeof pem !== "string") return undefined;
    const der = parsePublicKey(pem).export({ type: "spki", format: "der" });
    return { pem, url, fingerprint: createHash("sha256").update(der).digest("hex") };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    ctx.out.debug(`no public key from ${url}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

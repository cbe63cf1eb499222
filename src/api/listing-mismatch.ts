import { CliError } from "../core/cli-error.js";

/**
 * A Management API listing that does not answer what was asked: an item of another device or license (a
 * filter the server ignored), an item that does not say which, a name listed twice. The whole listing is
 * refused and nothing in it is acted on; the session words the advice (src/sessions/error-advice.ts).
 */
export function listingMismatch(what: string): CliError {
  return new CliError(
    "verification",
    `The Management API's answer is not what was asked: ${what}. Nothing was acted on.`,
    { code: "listing_mismatch" },
  );
}

import { CliError } from "./cli-error.js";

/**
 * Visible ASCII but the double quote and backslash: what a credential may hold to go in an HTTP header,
 * quoted (`apikey="…"`) or not (`Api-Key …`). A CR/LF would end the header (Node refuses it, and the run
 * failed as an unreachable server); a quote would end the quoted value and let a key add parameters of its
 * own (`x",signature="…`); non-ASCII cannot be sent at all.
 */
const HEADER_SAFE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

export function isHeaderSafe(text: string): boolean {
  return HEADER_SAFE.test(text);
}

/** Refuses (exit 3, before anything is sent) a credential `setting` that a header cannot carry as it is. */
export function assertHeaderSafe(setting: string, value: string): void {
  if (isHeaderSafe(value)) return;
  throw new CliError(
    "config",
    `${setting} holds a character an HTTP header cannot carry (a space, quote, backslash, control or non-ASCII character); nothing was sent.`,
    {
      code: "invalid_credential",
      hint: `Copy ${setting} again from the LicenseSpring platform: keys are letters, digits and punctuation, without spaces or line breaks.`,
    },
  );
}

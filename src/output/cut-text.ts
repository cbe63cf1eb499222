/** Longest text one stderr message (an error, its hint, a warning) shows; the rest is cut, and said so. */
export const MAX_MESSAGE_CHARS = 2_000;
/** Longest error code shown: codes are identifiers, a server's flood is not. */
export const MAX_CODE_CHARS = 100;
/** A --debug entry may hold a stack trace: more room, still bounded. */
export const MAX_DEBUG_CHARS = 8_000;

/**
 * `text` when it is at most `max` characters; otherwise its start and how long it was in all
 * ("… [cut: 9,000,010 characters in all]"), never splitting a surrogate pair.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}… [cut: ${text.length.toLocaleString("en-US")} characters in all]`;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u001b": "\\e" };

/**
 * What a terminal must never receive from a string licensectl did not write itself:
 * - C0 and C1 controls and DEL (escape sequences: OSC 52 clipboard writes, screen clears, cursor moves);
 * - format characters (\p{Cf}): zero-width U+200B–U+200D, U+2060, U+FEFF, bidi marks and overrides
 *   U+200E/F, U+061C, U+202A–U+202E, U+2066–U+2069, soft hyphen, tag characters U+E0001 and U+E0020–U+E007F;
 * - the line and paragraph separators U+2028/U+2029, lone surrogates, the unassigned rest of the tag block;
 * - the invisible Hangul fillers and the combining grapheme joiner.
 * Each would let `channel\u200b` pass for `channel`, or reorder or hide what is shown.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u{E0000}-\u{E007F}\u115f\u1160\u3164\uffa0]|\u034f/gu;

/**
 * Values from the server, files and the environment are data, not terminal commands: show control,
 * invisible and reordering characters visibly escaped (\n, \e, \x07, \u202e, \u{e0041}) wherever output is
 * meant for people.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0xff) return `\\x${code.toString(16).padStart(2, "0")}`;
    return code <= 0xffff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\u{${code.toString(16)}}`;
  });
}

type Measure = (text: string) => number;

/** string-width, once a text needed it (see loadDisplayWidth). */
let measure: Measure | undefined;
let graphemes: Intl.Segmenter | undefined;

/**
 * Text whose every character takes exactly one column: printable ASCII and Latin-1 (not the soft hyphen),
 * the ellipsis and the arrow licensectl writes. Measured by length, without string-width.
 */
const NARROW = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u00ff\u2026\u2192]*$/;

/**
 * Load string-width when any of `texts` needs it (wide East Asian characters, emoji, combining marks).
 * Loaded on demand because it builds an Intl.Segmenter as it loads, which costs milliseconds of ICU data
 * that a run showing only ASCII has no use for. Call it (and await it) before rendering text from outside.
 */
export async function loadDisplayWidth(texts: Iterable<string>): Promise<void> {
  if (measure) return;
  for (const text of texts) {
    if (!NARROW.test(text)) {
      measure = (await import("string-width")).default;
      return;
    }
  }
}

/**
 * How many terminal columns a string takes: East Asian wide characters take two, combining marks and
 * zero-width characters none, an emoji two. Counted by string-width, not by code points (which is only the
 * fallback for text that loadDisplayWidth was not given).
 */
export function displayWidth(text: string): number {
  if (NARROW.test(text)) return text.length;
  if (measure) return measure(text);
  return [...text].length;
}

const ELLIPSIS = "…";

/** The text cut to at most `max` columns, ending in … when anything was cut; whole characters only. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return "";
  if (NARROW.test(text)) return text.slice(0, max - 1) + ELLIPSIS;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let kept = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const width = displayWidth(segment);
    if (used + width > max - 1) break;
    kept += segment;
    used += width;
  }
  return kept + ELLIPSIS;
}

/** The text followed by spaces up to `width` columns. */
export function padToWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * A long identifier shortened for a caption: its first 8 and last 4 characters (a 64-character hardware ID
 * becomes 3f2a9c1d…9e0b). Short ones are shown whole; --json, -o tsv and --debug show every one whole.
 */
export function shortenId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

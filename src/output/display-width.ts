import stringWidth from "string-width";

/**
 * How many terminal columns a string takes: East Asian wide characters take two, combining marks and
 * zero-width characters none, an emoji two. Counted by string-width, not by code points.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

const ELLIPSIS = "…";
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The text cut to at most `max` columns, ending in … when anything was cut; whole characters only. */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return "";
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

import { displayWidth } from "./display-width.js";

/**
 * One line of prose fitted to a terminal's `width`: broken at spaces only, every continuation line starting
 * with `indent` spaces (a hanging indent under the text it continues). A word wider than the room left (a URL,
 * a 64-character hardware ID) keeps a line of its own, whole: a value cut in two can be neither read nor
 * copied. Without a width (not a terminal) the line is returned as it is.
 */
export function wrapWords(line: string, width: number | undefined, indent: number): string {
  if (width === undefined || displayWidth(line) <= width) return line;
  const lead = /^ */.exec(line)?.[0] ?? "";
  const pad = " ".repeat(Math.min(indent, Math.max(0, width - 20)));
  // Words and the spaces between them: a line keeps its own spacing ("URL  (clientId …)"), a break drops it.
  const parts = line.slice(lead.length).split(/( +)/);
  const lines: string[] = [];
  let current = lead + (parts[0] ?? "");
  for (let i = 1; i < parts.length; i += 2) {
    const gap = parts[i] ?? " ";
    const word = parts[i + 1] ?? "";
    if (word === "") continue;
    if (displayWidth(current) + gap.length + displayWidth(word) <= width) {
      current += gap + word;
    } else {
      lines.push(current);
      current = pad + word;
    }
  }
  lines.push(current);
  return lines.join("\n");
}

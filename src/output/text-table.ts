import type { ChalkInstance } from "chalk";
import { displayWidth, padToWidth, truncateToWidth } from "./display-width.js";
import { escapeControl } from "./escape-terminal.js";

export interface Column {
  readonly header: string;
}

const GAP = 2;
/** A column narrowed to fit the terminal keeps at least this many columns (or its header's width). */
const MIN_COLUMN = 6;

/**
 * Aligned columns separated by two spaces, padded by display width (wide and combining characters count
 * as the terminal shows them); cells are escaped so a value can never move the cursor. Lines carry no
 * trailing spaces. Given `maxWidth` (a terminal's columns), the widest
 * columns are narrowed until each line fits, and cells cut to fit end in …; without it nothing is cut.
 */
export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
  paint: ChalkInstance,
  maxWidth?: number,
): string {
  const cells = rows.map((row) => row.map((cell) => escapeControl(cell)));
  // A loop, not Math.max(...cells): spreading 130,000 rows as arguments overflows the stack.
  const natural = columns.map((column) => displayWidth(column.header));
  for (const row of cells) {
    row.forEach((cell, i) => {
      natural[i] = Math.max(natural[i] ?? 0, displayWidth(cell));
    });
  }
  const widths =
    maxWidth === undefined ? natural : fitWidths(natural, columns, maxWidth - GAP * (columns.length - 1));
  const line = (row: readonly string[], style: (text: string) => string) =>
    row
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const shown = truncateToWidth(cell, width);
        return i === row.length - 1
          ? style(shown)
          : style(shown) + padToWidth("", width - displayWidth(shown));
      })
      .join(" ".repeat(GAP))
      .trimEnd();
  return [
    line(
      columns.map((c) => c.header),
      paint.bold,
    ),
    ...cells.map((row) => line(row, (c) => c)),
  ].join("\n");
}

/** Narrow the widest column, one column at a time, until the widths fit `budget` or none can give more. */
function fitWidths(natural: readonly number[], columns: readonly Column[], budget: number): number[] {
  const widths = [...natural];
  const floor = natural.map((width, i) =>
    Math.min(width, Math.max(MIN_COLUMN, displayWidth(columns[i]?.header ?? ""))),
  );
  let total = widths.reduce((sum, width) => sum + width, 0);
  while (total > budget) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if ((widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)))
        widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    total--;
  }
  return widths;
}

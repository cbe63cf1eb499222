import type { ChalkInstance } from "chalk";
import { escapeControl } from "./escape-terminal.js";

export interface Column {
  readonly header: string;
}

/**
 * Aligned columns separated by two spaces; cells are escaped so a value can never move the cursor.
 * The last column is not padded, so lines carry no trailing spaces.
 */
export function renderTable(
  columns: readonly Column[],
  rows: ReadonlyArray<readonly string[]>,
  paint: ChalkInstance,
): string {
  const cells = rows.map((row) => row.map((cell) => escapeControl(cell)));
  // A loop, not Math.max(...cells): spreading 130,000 rows as arguments overflows the stack.
  const widths = columns.map((column) => width(column.header));
  for (const row of cells) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  const line = (row: readonly string[], style: (text: string) => string) =>
    row
      .map((cell, i) =>
        i === row.length - 1 ? style(cell) : style(cell) + " ".repeat((widths[i] ?? 0) - width(cell)),
      )
      .join("  ");
  return [
    line(
      columns.map((c) => c.header),
      paint.bold,
    ),
    ...cells.map((row) => line(row, (c) => c)),
  ].join("\n");
}

function width(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

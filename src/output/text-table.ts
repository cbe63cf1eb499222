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
  const widths = columns.map((column, i) =>
    Math.max(width(column.header), ...cells.map((row) => width(row[i] ?? ""))),
  );
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

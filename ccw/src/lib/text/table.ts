/** Plain-text tables for listings on a terminal or in a pipe, aligned by display width. */
import { displayWidth, padEndToWidth, truncateToWidth } from "./display-width.js";

/**
 * Aligns `rows` of plain text (the first is the header) in columns two spaces apart. With a
 * `width` (a terminal's), longer lines are cut; piped output keeps every character.
 */
export function renderTable(
  rows: readonly (readonly string[])[],
  options: { width?: number; header?: (text: string) => string } = {},
): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(cell));
    });
  }
  const lines = rows.map((row, rowIndex) => {
    let line = row
      .map((cell, index) =>
        index === row.length - 1 ? cell : padEndToWidth(cell, widths[index] ?? 0),
      )
      .join("  ")
      .trimEnd();
    if (options.width !== undefined) line = truncateToWidth(line, options.width);
    return rowIndex === 0 && options.header ? options.header(line) : line;
  });
  return `${lines.join("\n")}\n`;
}

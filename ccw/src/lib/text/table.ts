/** Plain-text tables for listings on a terminal or in a pipe. */

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
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  const lines = rows.map((row, rowIndex) => {
    let line = row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd();
    if (options.width !== undefined && line.length > options.width) {
      line = `${line.slice(0, Math.max(options.width - 3, 0))}...`;
    }
    return rowIndex === 0 && options.header ? options.header(line) : line;
  });
  return `${lines.join("\n")}\n`;
}

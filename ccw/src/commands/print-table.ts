import type { CliContext } from "../context.js";
import { terminalColumns } from "../lib/text/terminal-columns.js";

/**
 * Writes `rows` (the first is the header, in bold) to stdout as a table, cut to the terminal's
 * width. The display-width code (string-width) loads here, when a table is printed, not on
 * every start of ccw.
 */
export async function printTable(
  rows: readonly (readonly string[])[],
  ctx: CliContext,
): Promise<void> {
  const { renderTable } = await import("../lib/text/table.js");
  const width = terminalColumns(ctx.stdout);
  ctx.stdout.write(renderTable(rows, { ...(width ? { width } : {}), header: ctx.outStyle.bold }));
}

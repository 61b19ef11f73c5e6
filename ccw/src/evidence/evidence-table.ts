import { isDelimiterRow, isTableRow, markdownLines, splitTableRow } from "./markdown.js";

/** The columns an evidence table must have; `notes` (and any other column) may follow. */
export const REQUIRED_COLUMNS = ["pointer", "status", "evidence", "verify"] as const;

type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];

/** The cells of one row of an evidence table, as written (trimmed, `\|` unescaped). */
export interface EvidenceRowCells {
  /** The row's line in its file, from 1. */
  readonly line: number;
  readonly pointer: string;
  readonly status: string;
  readonly evidence: string;
  readonly verify: string;
  readonly notes: string | undefined;
}

/** One evidence table: its header line and its rows in file order. */
export interface EvidenceTable {
  readonly headerLine: number;
  readonly rows: readonly EvidenceRowCells[];
}

function columnName(cell: string): string {
  return cell.replace(/[`*_]/g, "").trim().toLowerCase();
}

/** Which cell holds each column, when `cells` is an evidence table header. */
function headerColumns(cells: readonly string[]): Map<string, number> | undefined {
  const columns = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = columnName(cell);
    if (!columns.has(name)) columns.set(name, index);
  });
  return REQUIRED_COLUMNS.every((name) => columns.has(name)) ? columns : undefined;
}

/**
 * Every evidence table of a Markdown text: a header row whose cells include Pointer, Status,
 * Evidence and Verify (any case), a delimiter row with as many cells, then the rows up to the
 * first line that is not a table row. Tables in fenced code are examples, not tables.
 */
export function findEvidenceTables(text: string): EvidenceTable[] {
  const lines = markdownLines(text);
  const tables: EvidenceTable[] = [];
  let index = 0;
  while (index < lines.length) {
    const header = lines[index];
    const delimiter = lines[index + 1];
    index += 1;
    if (header === undefined || delimiter === undefined) continue;
    if (!isTableRow(header) || !isTableRow(delimiter)) continue;
    const headerCells = splitTableRow(header.text);
    const columns = headerColumns(headerCells);
    const delimiterCells = splitTableRow(delimiter.text);
    if (columns === undefined || !isDelimiterRow(delimiterCells)) continue;
    if (delimiterCells.length !== headerCells.length) continue;
    const cell = (cells: readonly string[], name: RequiredColumn | "notes") => {
      const at = columns.get(name);
      return at === undefined ? undefined : (cells[at] ?? "");
    };
    const rows: EvidenceRowCells[] = [];
    index += 1;
    for (let row = lines[index]; row !== undefined && isTableRow(row); row = lines[index]) {
      const cells = splitTableRow(row.text);
      rows.push({
        line: row.number,
        pointer: cell(cells, "pointer") ?? "",
        status: cell(cells, "status") ?? "",
        evidence: cell(cells, "evidence") ?? "",
        verify: cell(cells, "verify") ?? "",
        notes: cell(cells, "notes"),
      });
      index += 1;
    }
    tables.push({ headerLine: header.number, rows });
  }
  return tables;
}

/** Terminal output shared by `ccw codex prompts` and `ccw commands`: tables, warnings, names. */
import path from "node:path";
import type { CliContext } from "../context.js";
import { displayPath } from "../lib/fs/display-path.js";
import { type Diagnostic, formatDiagnostic } from "../tools/registry/diagnostic.js";

/** Writes each diagnostic to stderr as `warning: file:line: message`. */
export function writeDiagnostics(ctx: CliContext, diagnostics: readonly Diagnostic[]): void {
  for (const diagnostic of diagnostics) {
    const shown = formatDiagnostic({
      ...diagnostic,
      file: displayPath(diagnostic.file, { cwd: ctx.cwd }),
    });
    ctx.stderr.write(`${ctx.style.yellow("warning:")} ${shown}\n`);
  }
}

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

/** Up to three `candidates` close to `name` (typos, other case, a part of the name). */
export function closeNames(name: string, candidates: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  const scored = candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const distance = editDistance(wanted, lower);
      const contains = wanted.length >= 3 && (lower.includes(wanted) || wanted.includes(lower));
      return { candidate, score: contains ? Math.min(distance, 1) : distance };
    })
    .filter(({ score }) => score <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.score - b.score || (a.candidate < b.candidate ? -1 : 1));
  return scored.slice(0, 3).map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

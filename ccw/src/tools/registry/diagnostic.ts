import type { CliContext } from "../../context.js";
import { displayPath } from "../../lib/fs/display-path.js";

/** A problem with one file found while listing prompts or commands; never fatal. */
export interface Diagnostic {
  /** The absolute path of the file or folder. */
  file: string;
  /** The 1-based line, when the problem has one. */
  line?: number;
  message: string;
}

/** `file:line: message` (or `file: message`). */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  return diagnostic.line === undefined
    ? `${diagnostic.file}: ${diagnostic.message}`
    : `${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`;
}

/** Orders diagnostics by file, line and message, comparing strings by code unit. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareCodeUnits(a.file, b.file) ||
    (a.line ?? 0) - (b.line ?? 0) ||
    compareCodeUnits(a.message, b.message)
  );
}

/** Compares strings by UTF-16 code unit, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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

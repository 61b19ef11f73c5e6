import type { EvidenceReport } from "./report.js";

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * The human form of a report. stdout holds the verdict: `OK: evidence verified (N rows in M
 * files)`, or one line per failing row (`<file>:<line>: <pointer>: <reason>`, a row's reasons
 * joined by `; `) and per file that could not be checked (`<file>: <reason>`). stderr holds
 * notes and the failure summary.
 */
export function renderText(report: EvidenceReport): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  for (const file of report.files) {
    if (file.error) out.push(`${file.file}: ${file.error.message}`);
    for (const row of file.rows) {
      const where = `${file.file}:${row.line}: ${row.pointer}`;
      if (!row.ok)
        out.push(`${where}: ${row.problems.map((problem) => problem.message).join("; ")}`);
      for (const note of row.notes) err.push(`${where}: note: ${note.message}`);
    }
  }
  const { summary } = report;
  const checked = `${count(summary.rows, "row")} in ${count(summary.files, "file")}`;
  if (report.ok) {
    out.push(`OK: evidence verified (${checked})`);
  } else {
    const parts: string[] = [];
    if (summary.failed_rows > 0) parts.push(`${count(summary.failed_rows, "row")} failed`);
    if (summary.failed_files > 0)
      parts.push(`${count(summary.failed_files, "file")} could not be checked`);
    err.push(`evidence gate failed: ${parts.join(", ")} (${checked}); see docs/evidence-gate.md`);
  }
  const text = (lines: string[]) => (lines.length === 0 ? "" : `${lines.join("\n")}\n`);
  return { stdout: text(out), stderr: text(err) };
}

/** The `--json` form: the whole report as one JSON document. */
export function renderJson(report: EvidenceReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

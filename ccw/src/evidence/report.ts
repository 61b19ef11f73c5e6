import * as z from "zod";

/** Every reason a row can fail (or, for Planned rows, be noted), one literal each. */
export const ROW_PROBLEM_KINDS = [
  "pointer-empty",
  "pointer-tbd",
  "pointer-template",
  "pointer-multiple",
  "pointer-missing",
  "path-absolute",
  "path-escapes-root",
  "path-symlink-outside",
  "path-unreadable",
  "status-invalid",
  "evidence-missing-docs",
  "evidence-missing-ts",
  "evidence-malformed",
  "docs-file-invalid",
  "docs-file-missing",
  "docs-anchor-not-found",
  "ts-file-invalid",
  "ts-file-missing",
  "ts-anchor-not-found",
  "verify-empty",
  "verify-unsupported",
  "verify-invalid-regex",
  "verify-failed",
  "planned-but-present",
] as const;

/** Why a whole file could not be checked (exit 2). */
export const FILE_ERROR_KINDS = ["file-unreadable", "no-table", "no-markdown-files"] as const;

export const RowProblem = z.object({
  kind: z.enum(ROW_PROBLEM_KINDS),
  message: z.string(),
});
export type RowProblem = z.infer<typeof RowProblem>;

export const VerifyOutcome = z.object({
  /** The Verify cell as the gate read it (backticks removed); empty when there is none. */
  command: z.string(),
  form: z.enum(["test-path", "rg", "none", "unsupported"]),
  outcome: z.enum(["passed", "failed", "not-run"]),
});
export type VerifyOutcome = z.infer<typeof VerifyOutcome>;

export const RowResult = z.object({
  line: z.number().int().positive(),
  /** The pointer as shown in messages (backticks removed; `(empty)` for an empty cell). */
  pointer: z.string(),
  status: z.enum(["existing", "planned"]).nullable(),
  ok: z.boolean(),
  /** What makes the row fail; empty when `ok`. */
  problems: z.array(RowProblem),
  /** Facts worth a look that do not fail the row (a Planned row's unsupported Verify, ...). */
  notes: z.array(RowProblem),
  verify: VerifyOutcome,
});
export type RowResult = z.infer<typeof RowResult>;

export const FileError = z.object({
  kind: z.enum(FILE_ERROR_KINDS),
  message: z.string(),
});
export type FileError = z.infer<typeof FileError>;

export const FileResult = z.object({
  /** Relative to the repository root with `/` separators, or absolute when outside it. */
  file: z.string(),
  error: FileError.nullable(),
  tables: z.number().int().nonnegative(),
  rows: z.array(RowResult),
});
export type FileResult = z.infer<typeof FileResult>;

/** The whole result of one `ccw evidence verify` run: the `--json` document. */
export const EvidenceReport = z.object({
  schema_version: z.literal(1),
  ok: z.boolean(),
  /** 0 every row passed, 1 a row failed, 65 a file has no evidence table or cannot be read. */
  exit_code: z.union([z.literal(0), z.literal(1), z.literal(65)]),
  summary: z.object({
    files: z.number().int().nonnegative(),
    rows: z.number().int().nonnegative(),
    failed_rows: z.number().int().nonnegative(),
    failed_files: z.number().int().nonnegative(),
  }),
  files: z.array(FileResult),
});
export type EvidenceReport = z.infer<typeof EvidenceReport>;

/** Builds the report from per-file results: sorts, counts and picks the exit code. */
export function buildReport(files: readonly FileResult[]): EvidenceReport {
  const sorted = [...files].sort((a, b) => compareCodeUnits(a.file, b.file));
  const rows = sorted.flatMap((file) => file.rows);
  const failedRows = rows.filter((row) => !row.ok).length;
  const failedFiles = sorted.filter((file) => file.error !== null).length;
  const exitCode = failedFiles > 0 ? 65 : failedRows > 0 ? 1 : 0;
  return {
    schema_version: 1,
    ok: exitCode === 0,
    exit_code: exitCode,
    summary: {
      files: sorted.length,
      rows: rows.length,
      failed_rows: failedRows,
      failed_files: failedFiles,
    },
    files: sorted,
  };
}

/** Orders strings by UTF-16 code units, the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The JSON Schema of the `--json` document, generated from `EvidenceReport`; committed as
 * docs/schemas/evidence-report.schema.json (a test keeps the file current).
 */
export function evidenceReportJsonSchema(): string {
  const schema = z.toJSONSchema(EvidenceReport, { target: "draft-2020-12" });
  const document = {
    $id: "https://ccw.dev/schemas/evidence/report.schema.json",
    title: "ccw evidence verify --json",
    ...schema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

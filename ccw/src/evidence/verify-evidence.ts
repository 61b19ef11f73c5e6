import path from "node:path";
import { RowChecker } from "./check-row.js";
import { type EvidenceFs, nodeEvidenceFs } from "./evidence-fs.js";
import { findEvidenceTables } from "./evidence-table.js";
import { isInside, RepoFiles, readUtf8 } from "./repo-paths.js";
import { buildReport, compareCodeUnits, type EvidenceReport, type FileResult } from "./report.js";

/** What to check, and where. */
export interface VerifyEvidenceOptions {
  /** The repository root (absolute): pointers and evidence resolve inside it and only there. */
  readonly root: string;
  /** Absolute paths of Markdown files, or folders whose `*.md` files are all checked. */
  readonly files: readonly string[];
  readonly fs?: EvidenceFs;
}

/** A file to check: how it is shown, and where it is. */
interface Target {
  readonly display: string;
  readonly absolute: string;
  readonly error?: FileResult["error"];
}

/**
 * Runs the evidence gate over Markdown files: finds their evidence tables and applies every
 * row rule. The report is sorted (files by path, rows by line), so it does not depend on the
 * order the files were given in; nothing in it depends on the clock or the environment.
 */
export async function verifyEvidence(options: VerifyEvidenceOptions): Promise<EvidenceReport> {
  const fs = options.fs ?? nodeEvidenceFs;
  const root = await fs.realpath(options.root);
  const repo = new RepoFiles(root, fs);
  const checker = new RowChecker(repo);
  const display = (absolute: string, real: string | undefined) =>
    reportedPath(root, options.root, absolute, real);
  const targets = new Map<string, Target>();
  for (const file of options.files) {
    for (const target of await expand(fs, file, display)) {
      targets.set(target.display, target);
    }
  }
  const results = await Promise.all(
    [...targets.values()].map((target) => checkFile(fs, checker, target)),
  );
  return buildReport(results);
}

/**
 * How a file is named in the output: relative to the root with `/` separators when it lies
 * inside (by its real path, else as written), otherwise its absolute path.
 */
function reportedPath(
  realRoot: string,
  givenRoot: string,
  absolute: string,
  real: string | undefined,
): string {
  const relative = (base: string, file: string) =>
    path.relative(base, file).split(path.sep).join("/");
  if (real !== undefined && isInside(realRoot, real)) return relative(realRoot, real);
  if (isInside(givenRoot, absolute)) return relative(givenRoot, absolute);
  return absolute;
}

/** A file stays itself; a folder becomes its Markdown files (hidden entries skipped). */
async function expand(
  fs: EvidenceFs,
  absolute: string,
  display: (absolute: string, real: string | undefined) => string,
): Promise<Target[]> {
  const real = await fs.realpath(absolute).catch(() => undefined);
  const stats = real === undefined ? undefined : await fs.stat(real).catch(() => undefined);
  if (real === undefined || stats === undefined || !stats.isDirectory()) {
    return [{ display: display(absolute, real), absolute }];
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir)) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.toLowerCase().endsWith(".md")) files.push(full);
    }
  };
  try {
    await walk(real);
  } catch {
    // An unreadable folder reads as one with no Markdown files, reported below.
  }
  if (files.length === 0) {
    return [
      {
        display: `${display(absolute, real)}/`,
        absolute,
        error: { kind: "no-markdown-files", message: "this folder holds no Markdown (.md) files" },
      },
    ];
  }
  return files
    .sort(compareCodeUnits)
    .map((file) => ({ display: display(file, file), absolute: file }));
}

async function checkFile(fs: EvidenceFs, checker: RowChecker, target: Target): Promise<FileResult> {
  const empty = { file: target.display, tables: 0, rows: [] };
  if (target.error) return { ...empty, error: target.error };
  const read = await readUtf8(fs, target.absolute);
  if ("error" in read) {
    return {
      ...empty,
      error: { kind: "file-unreadable", message: `cannot read the file: ${read.error}` },
    };
  }
  const tables = findEvidenceTables(read.text);
  if (tables.length === 0) {
    return {
      ...empty,
      error: {
        kind: "no-table",
        message:
          "no evidence table: expected a header row with Pointer, Status, Evidence and Verify columns, then a |---| row",
      },
    };
  }
  const rows = await Promise.all(
    tables.flatMap((table) => table.rows).map((row) => checker.check(row)),
  );
  return { file: target.display, error: null, tables: tables.length, rows };
}

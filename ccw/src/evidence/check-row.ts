import { type EvidenceRef, parseEvidenceCell, parsePointerCell, parseStatusCell } from "./cells.js";
import type { EvidenceRowCells } from "./evidence-table.js";
import { listHeadings } from "./markdown.js";
import { type Location, normalizeRepoPath, type RepoFiles } from "./repo-paths.js";
import type { RowProblem, RowResult, VerifyOutcome } from "./report.js";
import {
  compileRgPattern,
  matchesSomeLine,
  parseVerifyCell,
  REGEX_BUDGET_MS,
  type VerifyCommand,
} from "./verify-command.js";

/** The rules for each evidence file kind (docs/evidence-gate.md, "Evidence"). */
const EVIDENCE_FILES = {
  docs: {
    accepts: (relative: string) => /^(\.claude\/commands|docs)\/.+\.md$/i.test(relative),
    where: "a Markdown file under .claude/commands/ or docs/",
  },
  ts: {
    accepts: (relative: string) => /^ccw\/src\/.+\.ts$/.test(relative),
    where: "a .ts file under ccw/src/",
  },
} as const satisfies Record<string, { accepts: (relative: string) => boolean; where: string }>;

/** A location inside the root: the path exists there, or does not. */
type InsideLocation = Extract<Location, { kind: "file" | "directory" | "other" | "missing" }>;

type Resolved =
  | { readonly ok: true; readonly relative: string; readonly location: InsideLocation }
  | { readonly ok: false; readonly problem: RowProblem };

/** A verdict on a Verify command: passed, or failed with a reason; `problem` for unsafe paths. */
type VerifyRun =
  | { readonly outcome: "passed" }
  | { readonly outcome: "failed"; readonly reason: string }
  | { readonly outcome: "problem"; readonly problem: RowProblem };

/** Checks the rows of evidence tables against one repository, sharing its caches. */
export class RowChecker {
  private readonly headings = new Map<string, readonly string[]>();

  constructor(private readonly repo: RepoFiles) {}

  /** Applies every row rule to one row. */
  async check(cells: EvidenceRowCells): Promise<RowResult> {
    const problems: RowProblem[] = [];
    const notes: RowProblem[] = [];
    const pointer = parsePointerCell(cells.pointer);
    const status = parseStatusCell(cells.status);
    if (!pointer.ok) problems.push(pointer.problem);
    if (!status.ok) problems.push(status.problem);
    const existing = status.ok && status.status === "existing";

    let present: boolean | undefined;
    if (pointer.ok && pointer.isPath) {
      const resolved = await this.resolve("pointer", pointer.pointer);
      if (!resolved.ok) problems.push(resolved.problem);
      else present = resolved.location.kind !== "missing";
      if (existing && present === false) {
        problems.push({
          kind: "pointer-missing",
          message:
            "the pointer does not exist but the row says Existing; create it or mark the row Planned",
        });
      }
    }

    const evidence = parseEvidenceCell(cells.evidence);
    problems.push(...evidence.problems);
    if (evidence.docs) problems.push(...(await this.checkDocs(evidence.docs)));
    if (evidence.ts) problems.push(...(await this.checkTs(evidence.ts)));

    const verify = await this.checkVerify(cells.verify);
    problems.push(...verify.errors);
    // Existing rows must prove themselves; on other rows these only deserve a note, and an
    // empty or failing Verify is just what Planned means.
    if (existing) problems.push(...verify.strict);
    else notes.push(...verify.strict.filter((problem) => problem.kind === "verify-unsupported"));
    if (
      verify.result.outcome === "passed" &&
      !existing &&
      status.ok &&
      pointer.ok &&
      present !== false
    ) {
      notes.push({
        kind: "planned-but-present",
        message:
          "the row says Planned but its pointer exists and its Verify passes; mark it Existing",
      });
    }
    return {
      line: cells.line,
      pointer: pointer.pointer,
      status: status.ok ? status.status : null,
      ok: problems.length === 0,
      problems,
      notes,
      verify: verify.result,
    };
  }

  /**
   * Parses and runs a Verify cell. `errors` fail any row (unsafe paths, invalid regexes);
   * `strict` fail only Existing rows (empty, not checkable, failed).
   */
  private async checkVerify(
    cell: string,
  ): Promise<{ result: VerifyOutcome; errors: RowProblem[]; strict: RowProblem[] }> {
    const verify = parseVerifyCell(cell);
    const form =
      verify.kind === "command"
        ? verify.command.form
        : verify.kind === "empty"
          ? "none"
          : "unsupported";
    const result: VerifyOutcome = { command: verify.text, form, outcome: "not-run" };
    if (verify.kind === "empty") {
      const message = "the row says Existing but its Verify cell is empty";
      return { result, errors: [], strict: [{ kind: "verify-empty", message }] };
    }
    if (verify.kind === "unsupported") {
      const message = `Verify "${verify.text}" is not checkable: ${verify.reason}`;
      return { result, errors: [], strict: [{ kind: "verify-unsupported", message }] };
    }
    const run = await this.runVerify(verify.command);
    if (run.outcome === "problem") return { result, errors: [run.problem], strict: [] };
    result.outcome = run.outcome;
    if (run.outcome === "passed") return { result, errors: [], strict: [] };
    const message = `Verify failed: ${verify.text}: ${run.reason}`;
    return { result, errors: [], strict: [{ kind: "verify-failed", message }] };
  }

  /** Normalises and locates a path named in a row; unsafe paths become problems. */
  private async resolve(what: string, text: string): Promise<Resolved> {
    // The pointer is already named at the start of the line; other paths are not.
    const subject = what === "pointer" ? what : `${what} ${text}`;
    const normalized = normalizeRepoPath(text);
    if (!normalized.ok) {
      const message =
        normalized.kind === "path-absolute"
          ? `${subject} is an absolute path; write it relative to the repository root`
          : `${subject} escapes the repository root`;
      return { ok: false, problem: { kind: normalized.kind, message } };
    }
    const location = await this.repo.locate(normalized.relative);
    if (location.kind === "outside") {
      return {
        ok: false,
        problem: {
          kind: "path-symlink-outside",
          message: `${subject} leads outside the repository root through a symlink`,
        },
      };
    }
    if (location.kind === "error") {
      return {
        ok: false,
        problem: {
          kind: "path-unreadable",
          message: `cannot resolve ${subject}: ${location.message}`,
        },
      };
    }
    return { ok: true, relative: normalized.relative, location };
  }

  /** Resolves an evidence file and reads it, or says what is wrong. */
  private async readEvidenceFile(
    label: "docs" | "ts",
    ref: EvidenceRef,
  ): Promise<{ real: string; text: string } | { problem: RowProblem }> {
    const what = `${label} file`;
    const resolved = await this.resolve(what, ref.file);
    if (!resolved.ok) return { problem: resolved.problem };
    const rule = EVIDENCE_FILES[label];
    if (!rule.accepts(resolved.relative)) {
      return {
        problem: {
          kind: `${label}-file-invalid`,
          message: `${what} ${ref.file} must be ${rule.where}`,
        },
      };
    }
    const { location } = resolved;
    if (location.kind === "missing") {
      return {
        problem: { kind: `${label}-file-missing`, message: `${what} ${ref.file} does not exist` },
      };
    }
    if (location.kind !== "file") {
      return {
        problem: {
          kind: `${label}-file-invalid`,
          message: `${what} ${ref.file} is not a regular file`,
        },
      };
    }
    const read = await this.repo.readText(location.real);
    if ("error" in read) {
      return {
        problem: {
          kind: "path-unreadable",
          message: `cannot read ${what} ${ref.file}: ${read.error}`,
        },
      };
    }
    return { real: location.real, text: read.text };
  }

  private async checkDocs(ref: EvidenceRef): Promise<RowProblem[]> {
    const read = await this.readEvidenceFile("docs", ref);
    if ("problem" in read) return [read.problem];
    const wanted = foldHeading(ref.anchor);
    const headings = this.headingsOf(read.real, read.text);
    if (headings.some((heading) => heading.includes(wanted))) return [];
    return [
      {
        kind: "docs-anchor-not-found",
        message: `docs anchor "${ref.anchor}" is in no heading of ${ref.file}`,
      },
    ];
  }

  private async checkTs(ref: EvidenceRef): Promise<RowProblem[]> {
    const read = await this.readEvidenceFile("ts", ref);
    if ("problem" in read) return [read.problem];
    if (read.text.includes(ref.anchor)) return [];
    return [
      { kind: "ts-anchor-not-found", message: `ts anchor "${ref.anchor}" is not in ${ref.file}` },
    ];
  }

  private headingsOf(real: string, text: string): readonly string[] {
    let cached = this.headings.get(real);
    if (cached === undefined) {
      cached = listHeadings(text).map((heading) => foldHeading(heading.text));
      this.headings.set(real, cached);
    }
    return cached;
  }

  /** Runs a Verify command natively: no shell, no rg binary. */
  private async runVerify(command: VerifyCommand): Promise<VerifyRun> {
    const resolved = await this.resolve("Verify path", command.path);
    if (!resolved.ok) return { outcome: "problem", problem: resolved.problem };
    const { location } = resolved;
    if (command.form === "test-path") {
      return location.kind === "missing"
        ? { outcome: "failed", reason: "no such path" }
        : { outcome: "passed" };
    }
    const compiled = compileRgPattern(command.pattern);
    if ("error" in compiled) {
      return {
        outcome: "problem",
        problem: {
          kind: "verify-invalid-regex",
          message: `Verify regex "${command.pattern}" is invalid: ${compiled.error}`,
        },
      };
    }
    if (location.kind === "missing")
      return { outcome: "failed", reason: `${command.path} does not exist` };
    let files: readonly string[];
    if (location.kind === "directory") {
      const listed = await this.repo.listFiles(location.real);
      if ("error" in listed)
        return { outcome: "failed", reason: `cannot list ${command.path}: ${listed.error}` };
      files = listed.files;
    } else {
      files = [location.real];
    }
    for (const file of files) {
      const read = await this.repo.readText(file);
      if ("error" in read) {
        if (location.kind === "directory") continue;
        return { outcome: "failed", reason: `cannot read ${command.path}: ${read.error}` };
      }
      const matched = matchesSomeLine(compiled.regex, read.text);
      if (matched === "too-slow") {
        return {
          outcome: "problem",
          problem: {
            kind: "verify-invalid-regex",
            message: `Verify regex "${command.pattern}" takes too long on ${command.path} (over ${REGEX_BUDGET_MS / 1000} s on one file): nested quantifiers such as (a+)+ backtrack without end; simplify it`,
          },
        };
      }
      if (matched) return { outcome: "passed" };
    }
    return { outcome: "failed", reason: "no line matches" };
  }
}

/** Heading text for comparison: lower case, runs of whitespace as one space. */
function foldHeading(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

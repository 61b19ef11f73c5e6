/** Pure parsers for the Pointer, Status and Evidence cells of an evidence table row. */
import type { RowProblem } from "./report.js";

const CODE_SPAN = /(`+)([\s\S]*?[^`])\1(?!`)/g;

/** The text of a cell that is one code span (`` `x` `` → `x`), else the cell trimmed. */
export function unwrapCode(cell: string): string {
  const text = cell.trim();
  const match = /^(`+)([\s\S]*[^`])\1$/.exec(text);
  const ticks = match?.[1];
  const inner = match?.[2];
  if (ticks === undefined || inner === undefined || inner.includes(ticks)) return text;
  return inner.trim();
}

const PATH_EXTENSION =
  /\.(md|mdx|ts|tsx|mts|cts|js|jsx|mjs|cjs|json|jsonl|ya?ml|toml|txt|sh|ps1|log|html|css)$/i;

/** Whether a pointer (or a word of one) names a path: it has a `/` or `\`, or a known extension. */
export function looksLikePath(text: string): boolean {
  return /[/\\]/.test(text) || PATH_EXTENSION.test(text);
}

/** A Pointer cell, parsed. */
export type PointerCell =
  | { readonly ok: true; readonly pointer: string; readonly isPath: boolean }
  | { readonly ok: false; readonly pointer: string; readonly problem: RowProblem };

/** The words of `text` that look like paths, split on spaces, commas, semicolons, `+` and `&`. */
function pathWords(text: string): string[] {
  return text.split(/[\s,;+&]+/).filter((word) => word !== "" && looksLikePath(word));
}

/**
 * Reads a Pointer cell: one pointer, optionally in backticks. Two code spans, or two
 * path-like words, are two pointers.
 */
export function parsePointerCell(cell: string): PointerCell {
  const spans = [...cell.matchAll(CODE_SPAN)].map((match) => (match[2] ?? "").trim());
  const outside = cell.replace(CODE_SPAN, " ").trim();
  const first = spans[0];
  // Text beside a single code span is commentary, unless it names another path.
  const pointer = first !== undefined && spans.length === 1 ? first : unwrapCode(cell);
  const candidates =
    first === undefined
      ? pathWords(cell)
      : [
          ...spans.flatMap((span) => (pathWords(span).length > 1 ? pathWords(span) : [span])),
          ...pathWords(outside),
        ];
  if (candidates.length > 1) {
    return {
      ok: false,
      pointer: cell.replace(/`/g, "").trim(),
      problem: {
        kind: "pointer-multiple",
        message: `one pointer per row, found ${candidates.length}: ${candidates.join(", ")}; give each its own row`,
      },
    };
  }
  if (pointer === "") {
    return {
      ok: false,
      pointer: "(empty)",
      problem: { kind: "pointer-empty", message: "pointer is empty" },
    };
  }
  if (/(^|[\s(:])tbd($|[\s):,.;!?])/i.test(pointer)) {
    return {
      ok: false,
      pointer,
      problem: {
        kind: "pointer-tbd",
        message: "pointer is a placeholder (TBD); name the real file or command",
      },
    };
  }
  if (pointer.includes("{{") || pointer.includes("}}")) {
    return {
      ok: false,
      pointer,
      problem: {
        kind: "pointer-template",
        message: "pointer holds a template mark ({{ }}); fill it in",
      },
    };
  }
  return { ok: true, pointer, isPath: looksLikePath(pointer) };
}

/** A Status cell, parsed: Existing or Planned in any case, else a problem. */
export function parseStatusCell(
  cell: string,
):
  | { readonly ok: true; readonly status: "existing" | "planned" }
  | { readonly ok: false; readonly problem: RowProblem } {
  const text = unwrapCode(cell.replace(/\*\*|__/g, ""));
  const status = text.toLowerCase();
  if (status === "existing" || status === "planned") return { ok: true, status };
  const message =
    text === ""
      ? "status is empty; expected Existing or Planned"
      : `status "${text}" is not Existing or Planned`;
  return { ok: false, problem: { kind: "status-invalid", message } };
}

/** One part of an Evidence cell: `docs: <file> / <anchor>` or `ts: <file> / <anchor>`. */
export interface EvidenceRef {
  readonly file: string;
  readonly anchor: string;
}

/** An Evidence cell, parsed: the parts it has, and what is wrong with it. */
export interface EvidenceCell {
  readonly docs: EvidenceRef | undefined;
  readonly ts: EvidenceRef | undefined;
  readonly problems: readonly RowProblem[];
}

const PART_LABEL = /^(docs|ts)\s*:\s*([\s\S]*)$/i;

/**
 * Reads an Evidence cell: a docs part and a ts part, in either order, separated by `;`. Only
 * a `;` followed by a `docs:` or `ts:` label separates parts, so anchors may hold `;`; the
 * file ends at the first ` / `, so anchors may hold `/`.
 */
export function parseEvidenceCell(cell: string): EvidenceCell {
  const problems: RowProblem[] = [];
  const found: Record<"docs" | "ts", EvidenceRef[]> = { docs: [], ts: [] };
  const parts = cell
    .split(/;(?=\s*`?\s*(?:docs|ts)\s*:)/i)
    .map((part) => unwrapCode(part))
    .filter((part) => part !== "");
  for (const part of parts) {
    const labelled = PART_LABEL.exec(part);
    const label = labelled?.[1]?.toLowerCase();
    if (label !== "docs" && label !== "ts") {
      problems.push({
        kind: "evidence-malformed",
        message: `evidence part "${part}" does not start with docs: or ts:`,
      });
      continue;
    }
    const body = unwrapCode(labelled?.[2] ?? "");
    const split = /^(`[^`]+`|\S+)\s+\/\s+([\s\S]*)$/.exec(body);
    const file = unwrapCode(split?.[1] ?? "");
    const anchor = unwrapCode(split?.[2] ?? "");
    if (split === null || file === "" || anchor === "") {
      problems.push({
        kind: "evidence-malformed",
        message: `${label} part "${body}" needs a file and an anchor: ${label}: <file> / <anchor>`,
      });
      continue;
    }
    found[label].push({ file, anchor });
  }
  for (const label of ["docs", "ts"] as const) {
    const count = found[label].length;
    if (count > 1) {
      problems.push({
        kind: "evidence-malformed",
        message: `evidence has ${count} ${label} parts; give exactly one`,
      });
    }
  }
  const malformed = (label: "docs" | "ts") =>
    problems.some((problem) => problem.message.startsWith(`${label} part `));
  if (found.docs.length === 0 && !malformed("docs")) {
    problems.push({
      kind: "evidence-missing-docs",
      message: "evidence has no docs part (docs: <file> / <heading>)",
    });
  }
  if (found.ts.length === 0 && !malformed("ts")) {
    problems.push({
      kind: "evidence-missing-ts",
      message: "evidence has no ts part (ts: <file> / <text>)",
    });
  }
  return { docs: found.docs[0], ts: found.ts[0], problems };
}

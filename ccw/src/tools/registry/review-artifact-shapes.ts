/**
 * The artifact shapes of the review, test and docs prompts (docs/prompt-pack.md), as zod/mini
 * schemas, beside the rest of the pack's shapes in artifact-shapes.ts.
 */
import * as z from "../../zod.js";
import { CheckResult, confidence, depth, relPath, runStatus, text } from "./artifact-shapes.js";

const lineNumber = z.int().check(z.positive());

export const REVIEW_CATEGORIES = [
  "correctness",
  "security",
  "performance",
  "reliability",
  "maintainability",
  "testing",
  "docs",
  "style",
  "other",
] as const;

export const Review = z
  .strictObject({
    schema: z.literal("ccw-review/1"),
    producer: z.literal("review"),
    task: text,
    depth,
    target: z.strictObject({
      kind: z.enum(["files", "directory", "working-tree", "commit", "range", "repository"]),
      ref: text,
      files: z.array(relPath),
    }),
    verdict: z.enum(["approve", "comment", "request-changes"]),
    summary: text,
    findings: z.array(
      z
        .strictObject({
          id: z.string().check(z.regex(/^F[1-9][0-9]*$/)),
          title: text,
          file: relPath,
          line: lineNumber,
          end_line: z.optional(lineNumber),
          severity: z.enum(["critical", "high", "medium", "low", "info"]),
          category: z.enum(REVIEW_CATEGORIES),
          confidence,
          evidence: text,
          suggested_fix: text,
        })
        .check(
          z.refine(
            (f) => f.end_line === undefined || f.end_line >= f.line,
            "end_line is not before line",
          ),
        ),
    ),
    checks: z.array(CheckResult),
    not_reviewed: z.array(z.strictObject({ path: relPath, reason: text })),
  })
  .check(
    z.superRefine((doc, ctx) => {
      doc.findings.forEach((finding, index) => {
        if (finding.id !== `F${index + 1}`) {
          ctx.addIssue({ code: "custom", message: `findings[${index}] should be F${index + 1}` });
        }
      });
      const blocking = doc.findings.some((f) => f.severity === "critical" || f.severity === "high");
      if (blocking && doc.verdict === "approve") {
        ctx.addIssue({
          code: "custom",
          message: "a review with high or critical findings does not approve",
        });
      }
    }),
  );

const gapId = z.string().check(z.regex(/^G[1-9][0-9]*$/));

export const TestsReport = z
  .strictObject({
    schema: z.literal("ccw-tests/1"),
    task: text,
    depth,
    scope: z.array(relPath),
    framework: z.strictObject({ name: text, command: text }),
    gaps: z.array(
      z.strictObject({
        id: gapId,
        target: text,
        path: relPath,
        line: z.optional(lineNumber),
        reason: text,
        covered: z.boolean(),
      }),
    ),
    tests_written: z.array(
      z.strictObject({
        path: relPath,
        change: z.enum(["added", "modified"]),
        cases: z.int().check(z.positive()),
        covers: z.array(gapId).check(z.minLength(1)),
      }),
    ),
    runs: z.array(CheckResult).check(z.minLength(1)),
    bugs_found: z.array(
      z.strictObject({
        test: text,
        test_file: relPath,
        code: relPath,
        line: z.optional(lineNumber),
        expected: text,
        actual: text,
        marked_as: text,
      }),
    ),
    status: runStatus,
    follow_ups: z.array(text),
  })
  .check(
    z.superRefine((doc, ctx) => {
      const ids = new Set(doc.gaps.map((gap) => gap.id));
      for (const written of doc.tests_written) {
        for (const id of written.covers) {
          if (!ids.has(id))
            ctx.addIssue({ code: "custom", message: `${written.path} covers unknown ${id}` });
        }
      }
    }),
  );

export const DocsReport = z.strictObject({
  schema: z.literal("ccw-docs/1"),
  task: text,
  depth,
  scope: z.array(relPath),
  changes: z.array(
    z.strictObject({
      path: relPath,
      change: z.enum(["added", "modified"]),
      kind: z.enum(["readme", "docs-page", "doc-comments", "changelog", "other-docs"]),
      sections: z.array(text).check(z.minLength(1)),
      sources: z
        .array(z.strictObject({ path: relPath, line: z.optional(lineNumber), note: text }))
        .check(z.minLength(1)),
    }),
  ),
  checks: z.array(CheckResult),
  left_out: z.array(z.strictObject({ topic: text, reason: text })),
  status: runStatus,
});

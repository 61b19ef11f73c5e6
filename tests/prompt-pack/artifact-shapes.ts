/**
 * The artifact shapes of the prompt pack live in ccw/src/tools/registry/ (the
 * coordinator checks step artifacts with them); the pack's tests look them up by artifact path.
 */
import type * as z from "zod/mini";
import {
  CleanReport,
  ErrorReport,
  Execution,
  Findings,
  IssuePlans,
  IssueResults,
  Issues,
  Plan,
  Queue,
} from "../../ccw/src/tools/registry/artifact-shapes.js";
import {
  DocsReport,
  Review,
  TestsReport,
} from "../../ccw/src/tools/registry/review-artifact-shapes.js";

export * from "../../ccw/src/tools/registry/artifact-shapes.js";
export * from "../../ccw/src/tools/registry/review-artifact-shapes.js";

/**
 * The shape of every JSON artifact the pack writes, by its path inside the artifacts folder.
 * A prompt's example block is tagged with the same path (```json plan.json).
 */
export const ARTIFACT_SHAPES: Readonly<Record<string, z.ZodMiniType>> = {
  "plan.json": Plan,
  "plans/<issue-id>.json": Plan,
  "execution.json": Execution,
  "issues.json": Issues,
  "issue-plans.json": IssuePlans,
  "queue.json": Queue,
  "results.json": IssueResults,
  "findings.json": Findings,
  "clean-report.json": CleanReport,
  "review.json": Review,
  "tests.json": TestsReport,
  "docs.json": DocsReport,
  "error.json": ErrorReport,
};

/**
 * The artifact shapes by the name a prompt's Writes line gives them (`ccw-plan/1`), and their
 * JSON Schema files under docs/schemas/ (generated; a test keeps the committed files current).
 */
import * as z from "../../zod.js";
import type { ArtifactShapeName } from "./artifact-shape-names.js";
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
} from "./artifact-shapes.js";
import { DocsReport, Review, TestsReport } from "./review-artifact-shapes.js";

/** Every artifact shape by name; artifact-shape-names.ts lists the same names (a test holds them together). */
export const ARTIFACT_SHAPE_CATALOG = {
  "ccw-plan/1": Plan,
  "ccw-execution/1": Execution,
  "ccw-issues/1": Issues,
  "ccw-issue-plans/1": IssuePlans,
  "ccw-queue/1": Queue,
  "ccw-issue-results/1": IssueResults,
  "ccw-findings/1": Findings,
  "ccw-clean/1": CleanReport,
  "ccw-review/1": Review,
  "ccw-tests/1": TestsReport,
  "ccw-docs/1": DocsReport,
  "ccw-error/1": ErrorReport,
} as const satisfies Record<ArtifactShapeName, z.ZodMiniType>;

/** The JSON Schema files of the shapes, committed under docs/schemas/ (a test keeps them current). */
export function artifactShapeSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [name, schema] of Object.entries(ARTIFACT_SHAPE_CATALOG)) {
    const file = `${name.replace("/", "-v")}.schema.json`;
    const document = {
      title: `${name}: an artifact of the ccw prompt pack (docs/prompt-pack.md)`,
      ...z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }),
    };
    files[file] = `${JSON.stringify(document, null, 2)}\n`;
  }
  return files;
}

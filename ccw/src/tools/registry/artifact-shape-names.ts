/**
 * The names of the artifact shapes a prompt's Writes line may give (`shape \`ccw-plan/1\``).
 * Kept apart from artifact-shapes.ts (classic zod) so that listing prompts never loads zod.
 */
export const ARTIFACT_SHAPE_NAMES = [
  "ccw-plan/1",
  "ccw-execution/1",
  "ccw-issues/1",
  "ccw-issue-plans/1",
  "ccw-queue/1",
  "ccw-issue-results/1",
  "ccw-findings/1",
  "ccw-clean/1",
  "ccw-review/1",
  "ccw-tests/1",
  "ccw-docs/1",
  "ccw-error/1",
] as const;

export type ArtifactShapeName = (typeof ARTIFACT_SHAPE_NAMES)[number];

/** Whether `name` is a shape ccw knows. */
export function isArtifactShapeName(name: string): name is ArtifactShapeName {
  return (ARTIFACT_SHAPE_NAMES as readonly string[]).includes(name);
}

/**
 * The words of a plan that state.json records: the task types and complexities intent analysis
 * assigns (coordinator/keyword-rules.ts holds the rules that pick them) and the depths a chain
 * runs at (coordinator/routing.ts picks one). They live here, beside the state's schema, so the
 * schema needs nothing from the coordinator that reads and writes it.
 */

export const TASK_TYPES = [
  "bugfix",
  "discovery",
  "analysis",
  "cleanup",
  "brainstorm",
  "batch-planning",
  "review",
  "test",
  "docs",
  "feature",
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

export const COMPLEXITIES = ["simple", "medium", "complex"] as const;

export type Complexity = (typeof COMPLEXITIES)[number];

export const DEPTHS = ["standard", "deep"] as const;

export type Depth = (typeof DEPTHS)[number];

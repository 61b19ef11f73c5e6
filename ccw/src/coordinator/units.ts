/**
 * Minimum execution units: groups of prompts that must run together, because stopping in the
 * middle leaves a plan without its execution (shared/specs/coordinator.md §3). Ids are stable
 * (they are stored in state.json); names are for display.
 */

/** One unit of the catalog. */
export interface UnitDefinition {
  readonly id: string;
  readonly name: string;
  /** Prompt names, in the order they run. */
  readonly steps: readonly string[];
  /** What the unit produces, for the pipeline view. */
  readonly produces: string;
  /**
   * Which of the project's files its steps may change: `none` (it only reads; its files go to
   * the session folder), `tests`, `docs` (documentation files and comments), or `code`.
   */
  readonly edits: UnitEdits;
}

/** Which of the project's files a unit may change. */
export type UnitEdits = "none" | "tests" | "docs" | "code";

export const UNITS = [
  {
    id: "quick-implementation",
    name: "Quick Implementation",
    steps: ["lite-plan-a", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "complex-planning",
    name: "Complex Planning",
    steps: ["lite-plan-b", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "parallel-planning",
    name: "Parallel Planning",
    steps: ["lite-plan-c", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "bug-fix",
    name: "Bug Fix",
    steps: ["lite-fix", "execute"],
    produces: "fix",
    edits: "code",
  },
  {
    id: "debug-with-file",
    name: "Debug With File",
    steps: ["debug-with-file", "execute"],
    produces: "fix",
    edits: "code",
  },
  {
    id: "issue-workflow",
    name: "Issue Workflow",
    steps: ["issue-discover", "issue-plan", "issue-queue", "issue-execute"],
    produces: "resolved issues",
    edits: "code",
  },
  {
    id: "discovery-by-prompt",
    name: "Discovery & Analysis",
    steps: ["issue-discover", "issue-discover-by-prompt"],
    produces: "issue list",
    edits: "none",
  },
  {
    id: "brainstorm-to-execution",
    name: "Brainstorm to Execution",
    steps: ["brainstorm-with-file", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "analyze-with-file",
    name: "Analyze With File",
    steps: ["analyze-with-file"],
    produces: "analysis",
    edits: "none",
  },
  {
    id: "clean-and-analyze",
    name: "Clean & Analyze",
    steps: ["clean", "analyze-with-file"],
    produces: "clean code + analysis",
    edits: "code",
  },
  { id: "cleanup", name: "Cleanup", steps: ["clean"], produces: "clean code", edits: "code" },
  {
    id: "merge-plans",
    name: "Merge Multiple Plans",
    steps: ["merge-plans-with-file", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "quick-plan-with-file",
    name: "Quick Planning with File",
    steps: ["quick-plan-with-file", "execute"],
    produces: "code",
    edits: "code",
  },
  {
    id: "review",
    name: "Review",
    steps: ["review"],
    produces: "review",
    edits: "none",
  },
  {
    id: "review-and-fix",
    name: "Review & Fix",
    steps: ["review", "review-fix", "execute"],
    produces: "fixes",
    edits: "code",
  },
  {
    id: "write-tests",
    name: "Write Tests",
    steps: ["write-tests"],
    produces: "tests",
    edits: "tests",
  },
  {
    id: "write-docs",
    name: "Write Docs",
    steps: ["write-docs"],
    produces: "docs",
    edits: "docs",
  },
] as const satisfies readonly UnitDefinition[];

/** The id of a catalog unit. */
export type UnitId = (typeof UNITS)[number]["id"];

const UNITS_BY_ID: ReadonlyMap<string, UnitDefinition> = new Map(
  UNITS.map((unit) => [unit.id, unit]),
);

/** The catalog unit with this id, if any. */
export function findUnit(id: string): UnitDefinition | undefined {
  return UNITS_BY_ID.get(id);
}

/** The catalog units that contain the prompt `name`. */
export function unitsContaining(name: string): UnitDefinition[] {
  return UNITS.filter((unit) => (unit.steps as readonly string[]).includes(name));
}

/** Every prompt name the catalog uses, sorted. */
export function catalogPromptNames(): string[] {
  return [...new Set(UNITS.flatMap((unit) => unit.steps as readonly string[]))].sort();
}

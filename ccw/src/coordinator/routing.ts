import type { Depth } from "../session/plan-vocabulary.js";
import type { IntentAnalysis } from "./analyze.js";
import type { Complexity, TaskType } from "./keyword-rules.js";
import type { UnitId } from "./units.js";

export { DEPTHS, type Depth } from "../session/plan-vocabulary.js";

/** A chain of whole units, with the depth its prompts run at and why it fits. */
export interface ChainChoice {
  readonly units: readonly UnitId[];
  readonly depth: Depth;
  readonly reason: string;
}

interface Route {
  readonly default: ChainChoice;
  readonly complex: ChainChoice;
  /** Other chains that fit this task type, offered with --verbose. */
  readonly alternatives: readonly ChainChoice[];
}

/** Task type → chain (shared/specs/coordinator.md §3); complexity may change it. */
export const ROUTES = {
  bugfix: {
    default: {
      units: ["bug-fix"],
      depth: "standard",
      reason: "a focused fix: plan the fix, then apply it",
    },
    complex: {
      units: ["debug-with-file"],
      depth: "standard",
      reason: "a hard bug: investigate with a debug log before fixing",
    },
    alternatives: [
      {
        units: ["debug-with-file"],
        depth: "standard",
        reason: "when the cause is unknown, investigate first",
      },
      {
        units: ["analyze-with-file"],
        depth: "deep",
        reason: "understand the failure without changing code",
      },
    ],
  },
  discovery: {
    default: {
      units: ["issue-workflow"],
      depth: "standard",
      reason: "find issues, plan, queue and resolve them",
    },
    complex: {
      units: ["issue-workflow"],
      depth: "standard",
      reason: "find issues, plan, queue and resolve them",
    },
    alternatives: [
      {
        units: ["discovery-by-prompt"],
        depth: "standard",
        reason: "only list and analyze issues, change no code",
      },
    ],
  },
  analysis: {
    default: {
      units: ["analyze-with-file"],
      depth: "standard",
      reason: "analysis written to a file, no code changes",
    },
    complex: {
      units: ["analyze-with-file"],
      depth: "deep",
      reason: "a broad question: analyze in depth",
    },
    alternatives: [
      {
        units: ["discovery-by-prompt"],
        depth: "standard",
        reason: "turn the analysis into a list of concrete issues",
      },
    ],
  },
  cleanup: {
    default: { units: ["cleanup"], depth: "standard", reason: "remove what is unused, safely" },
    complex: {
      units: ["clean-and-analyze"],
      depth: "standard",
      reason: "a large cleanup: clean, then analyze what is left",
    },
    alternatives: [
      {
        units: ["clean-and-analyze"],
        depth: "standard",
        reason: "also analyze the code after cleaning",
      },
    ],
  },
  brainstorm: {
    default: {
      units: ["brainstorm-to-execution"],
      depth: "standard",
      reason: "explore ideas, then build the chosen one",
    },
    complex: {
      units: ["brainstorm-to-execution"],
      depth: "deep",
      reason: "a wide design space: brainstorm in depth",
    },
    alternatives: [
      {
        units: ["analyze-with-file"],
        depth: "standard",
        reason: "only explore and write the ideas down",
      },
    ],
  },
  "batch-planning": {
    default: {
      units: ["merge-plans"],
      depth: "standard",
      reason: "merge existing plans into one and execute it",
    },
    complex: {
      units: ["merge-plans"],
      depth: "standard",
      reason: "merge existing plans into one and execute it",
    },
    alternatives: [
      {
        units: ["quick-plan-with-file"],
        depth: "standard",
        reason: "write one new plan instead of merging",
      },
    ],
  },
  review: {
    default: {
      units: ["review"],
      depth: "standard",
      reason: "a read-only review: findings with evidence and a suggested fix, no changes",
    },
    complex: {
      units: ["review"],
      depth: "deep",
      reason: "a wide scope: review it in depth, still without changes",
    },
    alternatives: [
      {
        units: ["review-and-fix"],
        depth: "standard",
        reason: "review, then plan and apply fixes for the findings worth fixing",
      },
      {
        units: ["analyze-with-file"],
        depth: "standard",
        reason: "explain how the code works instead of judging it",
      },
    ],
  },
  test: {
    default: {
      units: ["write-tests"],
      depth: "standard",
      reason: "find what is untested, write tests that pass, run them",
    },
    complex: {
      units: ["write-tests"],
      depth: "deep",
      reason: "a wide scope: cover it in depth, edge cases included",
    },
    alternatives: [
      {
        units: ["review"],
        depth: "standard",
        reason: "only list the gaps in testing, write nothing",
      },
    ],
  },
  docs: {
    default: {
      units: ["write-docs"],
      depth: "standard",
      reason: "write or update documentation from the code as it is",
    },
    complex: {
      units: ["write-docs"],
      depth: "deep",
      reason: "a wide scope: document it in depth, every public entry point",
    },
    alternatives: [
      {
        units: ["analyze-with-file"],
        depth: "standard",
        reason: "only explain the code in the session folder, change no file",
      },
    ],
  },
  feature: {
    default: {
      units: ["quick-implementation"],
      depth: "standard",
      reason: "a contained change: a light plan, then code",
    },
    complex: {
      units: ["complex-planning"],
      depth: "standard",
      reason: "a large change: a thorough plan, then code",
    },
    alternatives: [
      {
        units: ["parallel-planning"],
        depth: "standard",
        reason: "independent parts planned as parallel tracks",
      },
      {
        units: ["quick-plan-with-file"],
        depth: "standard",
        reason: "a plan file you can edit before execution",
      },
    ],
  },
} as const satisfies Record<TaskType, Route>;

/** The recommended chain for an analysis, and up to two alternatives that differ from it. */
export function routeIntent(analysis: Pick<IntentAnalysis, "task_type" | "complexity">): {
  recommended: ChainChoice;
  alternatives: ChainChoice[];
} {
  const route: Route = ROUTES[analysis.task_type];
  const recommended = chooseByComplexity(route, analysis.complexity);
  const same = (a: ChainChoice, b: ChainChoice) =>
    a.depth === b.depth && a.units.join() === b.units.join();
  const alternatives = [route.default, route.complex, ...route.alternatives]
    .filter((choice) => !same(choice, recommended))
    .filter((choice, index, all) => all.findIndex((other) => same(other, choice)) === index)
    .slice(0, 2);
  return { recommended, alternatives };
}

function chooseByComplexity(route: Route, complexity: Complexity): ChainChoice {
  return complexity === "complex" ? route.complex : route.default;
}

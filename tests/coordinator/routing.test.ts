import { describe, expect, it } from "vitest";
import { TASK_TYPES } from "../../ccw/src/coordinator/keyword-rules.js";
import { ROUTES, routeIntent } from "../../ccw/src/coordinator/routing.js";
import { findUnit, UNITS, unitsContaining } from "../../ccw/src/coordinator/units.js";

describe("routeIntent", () => {
  it.each([
    ["bugfix", "medium", ["bug-fix"], "standard"],
    ["bugfix", "complex", ["debug-with-file"], "standard"],
    ["discovery", "simple", ["issue-workflow"], "standard"],
    ["discovery", "complex", ["issue-workflow"], "standard"],
    ["analysis", "medium", ["analyze-with-file"], "standard"],
    ["analysis", "complex", ["analyze-with-file"], "deep"],
    ["cleanup", "medium", ["cleanup"], "standard"],
    ["cleanup", "complex", ["clean-and-analyze"], "standard"],
    ["brainstorm", "medium", ["brainstorm-to-execution"], "standard"],
    ["brainstorm", "complex", ["brainstorm-to-execution"], "deep"],
    ["batch-planning", "medium", ["merge-plans"], "standard"],
    ["review", "medium", ["review"], "standard"],
    ["review", "complex", ["review"], "deep"],
    ["test", "simple", ["write-tests"], "standard"],
    ["test", "complex", ["write-tests"], "deep"],
    ["docs", "medium", ["write-docs"], "standard"],
    ["docs", "complex", ["write-docs"], "deep"],
    ["feature", "simple", ["quick-implementation"], "standard"],
    ["feature", "medium", ["quick-implementation"], "standard"],
    ["feature", "complex", ["complex-planning"], "standard"],
  ] as const)("%s, %s → %j at %s depth", (taskType, complexity, units, depth) => {
    const { recommended } = routeIntent({ task_type: taskType, complexity });
    expect(recommended).toMatchObject({ units, depth });
  });

  it("offers one or two alternatives that differ from the recommendation", () => {
    for (const taskType of TASK_TYPES) {
      for (const complexity of ["simple", "medium", "complex"] as const) {
        const { recommended, alternatives } = routeIntent({ task_type: taskType, complexity });
        expect(alternatives.length).toBeGreaterThanOrEqual(1);
        expect(alternatives.length).toBeLessThanOrEqual(2);
        for (const alternative of alternatives) {
          expect(
            alternative.units.join() === recommended.units.join() &&
              alternative.depth === recommended.depth,
          ).toBe(false);
        }
      }
    }
  });

  it("keeps review read-only at every complexity, and offers review-and-fix beside it", () => {
    for (const complexity of ["simple", "medium", "complex"] as const) {
      const { recommended, alternatives } = routeIntent({ task_type: "review", complexity });
      for (const unit of recommended.units) expect(findUnit(unit)?.edits).toBe("none");
      expect(alternatives.map((choice) => choice.units.join())).toContain("review-and-fix");
    }
  });

  it("gives tests and docs chains that change only tests or docs", () => {
    expect(
      findUnit(routeIntent({ task_type: "test", complexity: "medium" }).recommended.units[0] ?? "")
        ?.edits,
    ).toBe("tests");
    expect(
      findUnit(routeIntent({ task_type: "docs", complexity: "medium" }).recommended.units[0] ?? "")
        ?.edits,
    ).toBe("docs");
  });

  it("routes only to catalog units", () => {
    for (const route of Object.values(ROUTES)) {
      for (const choice of [route.default, route.complex, ...route.alternatives]) {
        for (const unit of choice.units) expect(findUnit(unit), unit).toBeDefined();
      }
    }
  });
});

describe("the unit catalog", () => {
  it("has unique ids and the contract's steps", () => {
    expect(new Set(UNITS.map((unit) => unit.id)).size).toBe(UNITS.length);
    expect(findUnit("issue-workflow")?.steps).toEqual([
      "issue-discover",
      "issue-plan",
      "issue-queue",
      "issue-execute",
    ]);
  });

  it("lets a prompt belong to several units", () => {
    expect(unitsContaining("execute").map((unit) => unit.id)).toContain("quick-implementation");
    expect(unitsContaining("analyze-with-file").map((unit) => unit.id)).toEqual([
      "analyze-with-file",
      "clean-and-analyze",
    ]);
  });
});

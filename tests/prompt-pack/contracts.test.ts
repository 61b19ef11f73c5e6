/**
 * The artifact contract between prompts: what a step reads from the previous step's artifacts
 * folder must be what that step writes. Checked for every adjacent pair of every unit in the
 * coordinator's catalog, from the prompts' own Reads/Writes lists.
 */
import { describe, expect, it } from "vitest";
import { UNITS, type UnitDefinition } from "../../ccw/src/coordinator/units.js";
import { checkArtifactContracts } from "./contracts.js";
import { loadPack, type PackPrompt } from "./pack.js";

const pack = loadPack();

describe("artifact contracts of the unit catalog", () => {
  it("hold for every unit: each required read is written by the step before", () => {
    expect(checkArtifactContracts(pack, UNITS)).toEqual([]);
  });

  it("cover the chains that pass files (so the check above is not vacuous)", () => {
    const requiredReads = pack.flatMap((prompt) =>
      prompt.reads
        .filter((entry) => entry.qualifier === "required")
        .map((entry) => `${prompt.name} ${entry.path}`),
    );
    expect(requiredReads).toEqual([
      "execute $PREV_ARTIFACT_DIR/plan.json",
      "issue-execute $PREV_ARTIFACT_DIR/queue.json",
      "issue-execute $PREV_ARTIFACT_DIR/plans/<issue-id>.json",
      "issue-plan $PREV_ARTIFACT_DIR/issues.json",
      "issue-queue $PREV_ARTIFACT_DIR/issue-plans.json",
      "issue-queue $PREV_ARTIFACT_DIR/plans/<issue-id>.json",
      "review-fix $PREV_ARTIFACT_DIR/review.json",
    ]);
  });
});

describe("a step that depends on its predecessor", () => {
  const dependent = pack.filter((prompt) =>
    prompt.reads.some((entry) => entry.qualifier === "required"),
  );

  it.each(dependent.map((prompt) => [prompt.name, prompt] as const))(
    "%s stops when the predecessor was blocked (reads its error.json, reports previous-step-blocked)",
    (_name, prompt) => {
      expect(prompt.reads.map((entry) => `${entry.path} ${entry.qualifier}`)).toContain(
        "$PREV_ARTIFACT_DIR/error.json optional",
      );
      expect(prompt.sections.get("Steps")).toContain("previous-step-blocked");
      expect(prompt.sections.get("Steps")).toMatch(/input-missing/);
      expect(prompt.sections.get("Steps")).toMatch(/input-invalid/);
    },
  );
});

describe("checkArtifactContracts finds broken chains", () => {
  const named = (name: string): PackPrompt => {
    const prompt = pack.find((p) => p.name === name);
    if (!prompt) throw new Error(`no prompt ${name}`);
    return prompt;
  };
  const unit = (...steps: string[]): UnitDefinition => ({
    id: "test-unit",
    name: "Test",
    steps,
    produces: "test",
    edits: "code",
  });

  it("when execute reads a file its planner does not write", () => {
    const planner = named("lite-plan-a");
    const withoutPlan: PackPrompt = {
      ...planner,
      writes: planner.writes.filter((entry) => entry.path !== "$ARTIFACT_DIR/plan.json"),
    };
    const others = pack.filter((p) => p.name !== "lite-plan-a");
    expect(
      checkArtifactContracts([...others, withoutPlan], [unit("lite-plan-a", "execute")]),
    ).toEqual([
      "test-unit: execute requires $PREV_ARTIFACT_DIR/plan.json, but lite-plan-a does not write $ARTIFACT_DIR/plan.json",
    ]);
  });

  it("when a producer writes the file only when blocked", () => {
    expect(checkArtifactContracts(pack, [unit("issue-discover", "execute")])).toEqual([
      "test-unit: execute requires $PREV_ARTIFACT_DIR/plan.json, but issue-discover does not write $ARTIFACT_DIR/plan.json",
    ]);
  });

  it("when a unit starts with a step that needs a previous step", () => {
    expect(checkArtifactContracts(pack, [unit("execute")])).toEqual([
      "test-unit: execute is the first step but requires $PREV_ARTIFACT_DIR/plan.json (a chain may start with any unit)",
    ]);
  });

  it("when a unit names a prompt the pack lacks", () => {
    expect(checkArtifactContracts(pack, [unit("lite-plan-z", "execute")])).toEqual([
      "test-unit: no prompt lite-plan-z in the pack",
      "test-unit: execute requires $PREV_ARTIFACT_DIR/plan.json, but lite-plan-z does not write $ARTIFACT_DIR/plan.json",
    ]);
  });

  it("when an optional read names a file no prompt writes", () => {
    const planner = named("lite-plan-a");
    const typo: PackPrompt = {
      ...planner,
      reads: [
        ...planner.reads,
        { path: "$PREV_ARTIFACT_DIR/finding.json", qualifier: "optional", line: "" },
      ],
    };
    const others = pack.filter((p) => p.name !== "lite-plan-a");
    expect(checkArtifactContracts([...others, typo], [])).toEqual([
      "lite-plan-a reads $PREV_ARTIFACT_DIR/finding.json, which no prompt of the pack writes",
    ]);
  });
});

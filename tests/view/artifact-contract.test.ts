import { describe, expect, it } from "vitest";
import type { AttemptRecord, SessionState } from "../../ccw/src/session/state-schema.js";
import { artifactContract } from "../../ccw/src/view/artifact-contract.js";
import { plannedSession } from "../helpers/session-fixture.js";

const T = "2026-11-21T14:31:00.000Z";

function attempt(checks: AttemptRecord["checks"], attemptNumber = 1): AttemptRecord {
  return {
    index: 0,
    command: "lite-plan-a",
    attempt: attemptNumber,
    status: "completed",
    started_at: T,
    finished_at: T,
    artifacts: [],
    checks,
  };
}

function withAttempts(...records: AttemptRecord[]): SessionState {
  return plannedSession({ execution_results: records });
}

const failed = {
  kind: "contract" as const,
  turn: 0,
  at: T,
  outcome: "failed" as const,
  checked: ["plan.json", "plan.md"],
  problems: [{ file: "plan.json", path: "$.steps", expected: "an array", found: "a string" }],
};
const passed = { ...failed, turn: 1, outcome: "passed" as const, problems: [] };

describe("an artifact's contract result", () => {
  it.each([
    [
      "steps/01-lite-plan-a/artifacts/plan.json",
      [failed],
      { outcome: "failed", problems: failed.problems },
    ],
    ["steps/01-lite-plan-a/artifacts/plan.md", [failed], { outcome: "passed", problems: [] }],
    [
      "steps/01-lite-plan-a/artifacts/plan.json",
      [failed, passed],
      { outcome: "passed", problems: [] },
    ],
    ["steps/01-lite-plan-a/artifacts/notes.txt", [failed], undefined],
    ["steps/01-lite-plan-a/prompt.md", [failed], undefined],
    ["steps/02-execute/artifacts/plan.json", [failed], undefined],
    ["state.json", [failed], undefined],
  ])("%s after %#", (relative, checks, expected) => {
    expect(artifactContract(withAttempts(attempt(checks)), relative)).toEqual(expected);
  });

  it("reads the last contract check over every attempt, and ignores verify runs", () => {
    const verify = { ...failed, kind: "verify" as const, checked: ["npm test"], problems: [] };
    const state = withAttempts(attempt([failed]), attempt([passed, verify], 2));
    expect(artifactContract(state, "steps/01-lite-plan-a/artifacts/plan.json")).toEqual({
      outcome: "passed",
      problems: [],
    });
    expect(
      artifactContract(
        withAttempts(attempt(undefined)),
        "steps/01-lite-plan-a/artifacts/plan.json",
      ),
    ).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import {
  beginAttempt,
  claim,
  deriveUnitStatus,
  finishAttempt,
  isComplete,
  nextStepIndex,
  noteAttempt,
  recoverOpenAttempts,
  release,
  skipUnit,
} from "../../ccw/src/coordinator/transitions.js";
import { UsageError } from "../../ccw/src/errors.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { plannedSession } from "../helpers/session-fixture.js";

const T = "2026-11-21T11:00:00.000Z";
const owner = { pid: 7, host: "h", started_at: T };

function withSteps(statuses: SessionState["command_chain"][number]["status"][]): SessionState {
  const base = plannedSession();
  return {
    ...base,
    command_chain: base.command_chain.map((step, index) => ({
      ...step,
      status: statuses[index] ?? "pending",
    })),
  };
}

describe("unit status", () => {
  it.each([
    [["pending", "pending"], "pending"],
    [["running", "pending"], "running"],
    [["completed", "pending"], "running"],
    [["completed", "failed"], "failed"],
    [["completed", "completed"], "completed"],
    [["completed", "skipped"], "completed"],
    [["skipped", "skipped"], "skipped"],
    [["failed", "pending"], "failed"],
  ] as const)("steps %j → %s", (steps, expected) => {
    const state = withSteps([...steps]);
    expect(
      deriveUnitStatus(state.units[0] as SessionState["units"][number], state.command_chain),
    ).toBe(expected);
  });
});

describe("an attempt", () => {
  it("goes from started to completed, with its facts and the unit's status derived", () => {
    let state = claim(plannedSession(), owner);
    state = beginAttempt(state, 0, T);
    expect(state.command_chain[0]).toMatchObject({ status: "running", attempts: 1 });
    expect(state.units[0]?.status).toBe("running");
    expect(state.current_index).toBe(0);
    state = noteAttempt(state, 0, { pid: 99, codex_thread_id: "t-1" });
    state = finishAttempt(state, 0, "completed", {
      finished_at: T,
      exit_code: 0,
      artifacts: ["/a/plan.json"],
    });
    expect(state.execution_results).toEqual([
      {
        index: 0,
        command: "lite-plan-a",
        attempt: 1,
        status: "completed",
        started_at: T,
        finished_at: T,
        pid: 99,
        codex_thread_id: "t-1",
        exit_code: 0,
        artifacts: ["/a/plan.json"],
      },
    ]);
    expect(state.command_chain[0]?.status).toBe("completed");
    expect(nextStepIndex(state)).toBe(1);
  });

  it.each([
    ["failed", "failed"],
    ["timed_out", "failed"],
    ["interrupted", "pending"],
  ] as const)("ending %s leaves the step %s", (outcome, stepStatus) => {
    const state = finishAttempt(beginAttempt(plannedSession(), 0, T), 0, outcome, {
      finished_at: T,
    });
    expect(state.command_chain[0]?.status).toBe(stepStatus);
    expect(state.execution_results[0]?.status).toBe(outcome);
  });
});

describe("recovery after a dead owner", () => {
  it("marks open attempts interrupted and their steps pending", () => {
    const running = noteAttempt(beginAttempt(claim(plannedSession(), owner), 0, T), 0, {
      codex_thread_id: "t-1",
    });
    const { state, recovered } = recoverOpenAttempts(running, "2026-11-21T12:00:00.000Z");
    expect(recovered).toEqual([0]);
    expect(state.command_chain[0]?.status).toBe("pending");
    expect(state.execution_results[0]).toMatchObject({
      status: "interrupted",
      codex_thread_id: "t-1",
      finished_at: "2026-11-21T12:00:00.000Z",
    });
  });

  it("changes nothing when no attempt is open", () => {
    const state = plannedSession();
    expect(recoverOpenAttempts(state, T)).toEqual({ state, recovered: [] });
  });
});

describe("skipping a unit", () => {
  it("skips every step of a unit none of whose steps completed", () => {
    const state = skipUnit(withSteps(["failed", "pending"]), "quick-implementation", false);
    expect(state.command_chain.map((step) => step.status)).toEqual(["skipped", "skipped"]);
    expect(state.units[0]?.status).toBe("skipped");
    expect(isComplete(state)).toBe(true);
  });

  it("refuses a partly executed unit unless partial units are allowed", () => {
    expect(() =>
      skipUnit(withSteps(["completed", "failed"]), "quick-implementation", false),
    ).toThrow(UsageError);
    expect(
      skipUnit(withSteps(["completed", "failed"]), "quick-implementation", true).command_chain.map(
        (s) => s.status,
      ),
    ).toEqual(["completed", "skipped"]);
  });

  it("rejects an unknown unit", () => {
    expect(() => skipUnit(plannedSession(), "nope", false)).toThrow("no unit nope in this session");
  });
});

describe("release", () => {
  it("drops the owner; completion clears the current step", () => {
    const running = beginAttempt(claim(plannedSession(), owner), 0, T);
    expect(release(running, "waiting")).toMatchObject({
      status: "waiting",
      owner: null,
      current_index: 0,
    });
    expect(release(running, "completed")).toMatchObject({
      status: "completed",
      owner: null,
      current_index: null,
    });
  });
});

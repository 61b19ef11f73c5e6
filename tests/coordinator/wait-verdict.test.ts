import { describe, expect, it } from "vitest";
import {
  describeEvent,
  timeoutVerdict,
  WAIT_EXIT_CODES,
  waitVerdict,
} from "../../ccw/src/coordinator/wait-verdict.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { plannedSession } from "../helpers/session-fixture.js";

const ID = "codex-coord-20261121-143025-7f3a";
const session = (overrides: Partial<SessionState>) =>
  plannedSession({ workspace: "/work/project", ...overrides });
const atStep2 = {
  current_index: 1,
  command_chain: plannedSession().command_chain.map((step, index) => ({
    ...step,
    status: index === 0 ? ("completed" as const) : ("running" as const),
  })),
};

describe("waitVerdict", () => {
  it.each([
    ["completed", {}, false, "completed", 0],
    ["failed", atStep2, false, "failed", 1],
    ["aborted", {}, false, "aborted", 1],
    ["waiting", atStep2, false, "waiting", 4],
    ["planned", {}, false, "waiting", 4],
    ["running", atStep2, false, "runner-gone", 4],
  ] as const)("a %s session with no live runner: %s", (status, extra, alive, outcome, code) => {
    const verdict = waitVerdict(session({ status, ...extra }), alive);
    expect(verdict).toMatchObject({ outcome, exitCode: code });
  });

  it.each(["running", "waiting", "planned"] as const)(
    "keeps waiting on a %s session while a runner lives",
    (status) => {
      expect(waitVerdict(session({ status }), true)).toBeUndefined();
    },
  );

  it("names the step and the command that continues", () => {
    expect(
      waitVerdict(
        session({
          status: "running",
          ...atStep2,
          owner: { pid: 77, host: "h", started_at: "2026-11-21T14:30:25Z" },
        }),
        false,
      ),
    ).toEqual({
      outcome: "runner-gone",
      exitCode: 4,
      message: `${ID}: its runner (pid 77) is gone; it stopped at step 2/2 execute (1/2 steps completed)`,
      next: `continue it: ccw coordinator resume ${ID} --yes --detach`,
    });
    expect(timeoutVerdict(session({ status: "running", ...atStep2 }), "100s")).toEqual({
      outcome: "timeout",
      exitCode: 124,
      message: `${ID}: still running after 100s (1/2 steps completed)`,
      next: `wait again: ccw coordinator wait ${ID} --timeout 100s`,
    });
  });

  it("gives every outcome a distinct code, but for the two that both need a resume", () => {
    expect(WAIT_EXIT_CODES).toEqual({
      completed: 0,
      failed: 1,
      aborted: 1,
      waiting: 4,
      "runner-gone": 4,
      timeout: 124,
    });
  });
});

describe("describeEvent", () => {
  const state = session({
    status: "running",
    ...atStep2,
    execution_results: [
      {
        index: 0,
        command: "lite-plan-a",
        attempt: 1,
        status: "completed",
        started_at: "2026-11-21T14:30:26Z",
        finished_at: "2026-11-21T14:30:40Z",
        artifacts: ["/work/project/.workflow/x/plan.json", "notes.md"],
      },
    ],
  });
  it.each([
    [
      { kind: "step.started", step: 1, detail: "attempt 1" },
      "14:30:41 step 2/2 execute: running (attempt 1)",
    ],
    [
      { kind: "step.completed", step: 0 },
      "14:30:41 step 1/2 lite-plan-a: completed → .workflow/x/plan.json, notes.md",
    ],
    [{ kind: "step.timed_out", step: 1 }, "14:30:41 step 2/2 execute: timed out"],
    [
      { kind: "step.retry", step: 1, detail: "retry 1 of 1" },
      "14:30:41 step 2/2 execute: retrying (retry 1 of 1)",
    ],
    [{ kind: "session.started" }, `14:30:41 ${ID}: started`],
    [{ kind: "step.thread", step: 1, detail: "t" }, undefined],
    [{ kind: "session.detached", detail: "pid 1" }, undefined],
  ])("%o", (event, line) => {
    expect(describeEvent({ time: "2026-11-21T14:30:41.123Z", ...event }, state)).toBe(line);
  });
});

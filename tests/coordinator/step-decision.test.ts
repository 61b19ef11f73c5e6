import { describe, expect, it } from "vitest";
import type { StepOutcome } from "../../ccw/src/coordinator/run-step.js";
import {
  createSessionRun,
  type FailureDecision,
  type RunDependencies,
} from "../../ccw/src/coordinator/session-run.js";
import { decideAfterStep, type FailureCounts } from "../../ccw/src/coordinator/step-decision.js";
import { plannedSession, runDependencies } from "../helpers/run-fixture.js";

const FAILED: StepOutcome = { result: "failed", record: undefined, startable: true };

/** A run of a planned two-unit session (max_retries 1), and the events it wrote after planning. */
async function decisionRun(extra: Partial<RunDependencies> = {}) {
  const { store, id } = await plannedSession(["quick-implementation", "bug-fix"]);
  const planned = (await store.readEvents(id)).length;
  const run = createSessionRun(
    id,
    runDependencies(store, extra),
    await store.load(id),
    "/fake/codex",
  );
  const events = async () => (await store.readEvents(id)).slice(planned).map((event) => event.kind);
  return { run, store, id, events };
}

function answers(decisions: (FailureDecision | Error)[], refusals: string[] = []) {
  return {
    async onStepFailure({ refusal }: { refusal?: string }) {
      if (refusal) refusals.push(refusal);
      const next = decisions.shift();
      if (next === undefined) throw new Error("asked once too often");
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe("decideAfterStep", () => {
  it("goes on after a completed step, writing nothing", async () => {
    const { run, events } = await decisionRun();
    const next = await decideAfterStep(run, 0, { ...FAILED, result: "completed" }, new Map());
    expect(next).toEqual({ kind: "go-on" });
    expect(await events()).toEqual([]);
  });

  it("ends an interrupted step waiting, with exit code 130", async () => {
    const { run, events } = await decisionRun();
    const next = await decideAfterStep(run, 0, { ...FAILED, result: "interrupted" }, new Map());
    expect(next).toMatchObject({ kind: "end", result: { exitCode: 130 } });
    expect(run.state.status).toBe("waiting");
    expect(await events()).toEqual(["session.waiting"]);
  });

  it("retries a failed step while its retries last, then fails the session without a terminal", async () => {
    const { run, events } = await decisionRun();
    const failures: FailureCounts = new Map();
    expect(await decideAfterStep(run, 0, FAILED, failures)).toEqual({ kind: "go-on" });
    const last = await decideAfterStep(run, 0, FAILED, failures);
    expect(last).toMatchObject({
      kind: "end",
      result: { exitCode: 1, state: { status: "failed" } },
    });
    expect(await events()).toEqual(["step.retry", "session.failed"]);
  });

  it("never retries a step that could not start", async () => {
    const { run } = await decisionRun();
    const next = await decideAfterStep(run, 0, { ...FAILED, startable: false }, new Map());
    expect(next).toMatchObject({ kind: "end", result: { exitCode: 1 } });
  });

  it.each([
    { decision: "abort", status: "aborted", exitCode: 5 },
    { decision: new Error("Ctrl-C at the prompt"), status: "waiting", exitCode: 130 },
  ] as const)(
    "on a terminal, $decision ends the run $status",
    async ({ decision, status, exitCode }) => {
      const { run } = await decisionRun({ prompter: answers([decision]) });
      const failures: FailureCounts = new Map([[0, 1]]);
      const next = await decideAfterStep(run, 0, FAILED, failures);
      expect(next).toMatchObject({ kind: "end", result: { exitCode, state: { status } } });
    },
  );

  it("on a terminal, retry starts the step's retries again", async () => {
    const { run } = await decisionRun({ prompter: answers(["retry"]) });
    const failures: FailureCounts = new Map([[0, 1]]);
    expect(await decideAfterStep(run, 0, FAILED, failures)).toEqual({ kind: "go-on" });
    expect(failures.get(0)).toBe(0);
  });

  it("on a terminal, skips a unit none of whose steps completed", async () => {
    const { run, store, id, events } = await decisionRun({ prompter: answers(["skip-unit"]) });
    const failures: FailureCounts = new Map([[0, 1]]);
    expect(await decideAfterStep(run, 0, FAILED, failures)).toEqual({ kind: "go-on" });
    const units = (await store.load(id)).units.map((unit) => unit.status);
    expect(units[0]).toBe("skipped");
    expect(await events()).toEqual(["unit.skipped"]);
  });

  it("asks again, with the reason, when a unit cannot be skipped", async () => {
    const refusals: string[] = [];
    const { run } = await decisionRun({ prompter: answers(["skip-unit", "abort"], refusals) });
    await run.save({
      ...run.state,
      command_chain: run.state.command_chain.map((step) =>
        step.index === 0 ? { ...step, status: "completed" } : step,
      ),
    });
    const next = await decideAfterStep(run, 1, FAILED, new Map([[1, 1]]));
    expect(next).toMatchObject({ kind: "end", result: { state: { status: "aborted" } } });
    expect(refusals).toEqual([expect.stringContaining("cannot skip unit")]);
  });
});

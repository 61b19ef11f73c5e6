import { describe, expect, it } from "vitest";
import { attemptModeOf, resultOf, runStep } from "../../ccw/src/coordinator/run-step.js";
import { createSessionRun } from "../../ccw/src/coordinator/session-run.js";
import type { AttemptRecord, SessionState } from "../../ccw/src/session/state-schema.js";
import type { CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { codexOutcome } from "../helpers/codex-outcome.js";
import {
  fakeRunner,
  lookup,
  PACK,
  plannedSession,
  runDependencies,
} from "../helpers/run-fixture.js";
import { plannedSession as fixtureState } from "../helpers/session-fixture.js";

const THREAD = "0199a213-81c0-7800-8aa1-bbab2a035a53";

function withLastAttempt(record: Partial<AttemptRecord>): SessionState {
  return fixtureState({
    execution_results: [
      {
        index: 0,
        command: "lite-plan-a",
        attempt: 1,
        status: "interrupted",
        started_at: "2026-11-21T14:30:25.000Z",
        artifacts: [],
        ...record,
      },
    ],
  });
}

describe("attemptModeOf", () => {
  it.each([
    { about: "no attempt yet", state: fixtureState(), fresh: false, kind: "fresh" },
    {
      about: "an interrupted attempt with its thread",
      state: withLastAttempt({ codex_thread_id: THREAD }),
      fresh: false,
      kind: "resume",
    },
    {
      about: "an interrupted attempt, told to start fresh",
      state: withLastAttempt({ codex_thread_id: THREAD }),
      fresh: true,
      kind: "fresh",
    },
    {
      about: "an interrupted attempt whose thread id Codex cannot take",
      state: withLastAttempt({ codex_thread_id: "$(touch pwned)" }),
      fresh: false,
      kind: "fresh",
    },
    {
      about: "a failed attempt with a thread",
      state: withLastAttempt({ status: "failed", codex_thread_id: THREAD }),
      fresh: false,
      kind: "fresh",
    },
  ])("$about: $kind", ({ state, fresh, kind }) => {
    expect(attemptModeOf(state, 0, fresh).kind).toBe(kind);
  });
});

describe("resultOf", () => {
  it.each([
    ["completed", "completed"],
    ["timed_out", "timed_out"],
    ["aborted", "interrupted"],
    ["failed", "failed"],
    ["not_started", "failed"],
  ] as const)("a run that %s is recorded as %s", (status, result) => {
    const outcome = codexOutcome({ status, error: "x" } as Partial<CodexRunOutcome>);
    expect(resultOf(outcome)).toBe(result);
  });
});

describe("runStep", () => {
  it("runs one attempt and records it: pid, thread, outcome and events", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    const { run, calls } = fakeRunner();
    const session = createSessionRun(
      id,
      runDependencies(store, { run }),
      await store.load(id),
      "/fake/codex",
    );
    const outcome = await runStep(session, 0);
    expect(outcome).toMatchObject({ result: "completed", startable: true });
    expect(outcome.record).toMatchObject({ status: "completed", pid: 4242 });
    expect(calls).toEqual(["01-lite-plan-a"]);
    expect(await store.load(id)).toEqual(session.state);
    expect(session.state.command_chain[0]).toMatchObject({ status: "completed", attempts: 1 });
    const kinds = (await store.readEvents(id)).map((event) => event.kind);
    expect(kinds.slice(-3)).toEqual(["step.started", "step.thread", "step.completed"]);
  });

  it("fails a step whose prompt is gone without running Codex, and marks it unstartable", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    const { run, calls } = fakeRunner();
    const deps = runDependencies(store, { run, prompts: lookup(PACK.slice(1)) });
    const session = createSessionRun(id, deps, await store.load(id), "/fake/codex");
    const outcome = await runStep(session, 0);
    expect(outcome).toMatchObject({ result: "failed", startable: false });
    expect(calls).toEqual([]);
    expect((await store.load(id)).command_chain[0]?.status).toBe("failed");
  });

  it("fails a completed run whose final message reports a stop", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    const { run } = fakeRunner({ lastMessage: "STATUS: blocked\nthe tests do not build" });
    const session = createSessionRun(
      id,
      runDependencies(store, { run }),
      await store.load(id),
      "/fake/codex",
    );
    const outcome = await runStep(session, 0);
    expect(outcome).toMatchObject({ result: "failed", startable: true });
    expect(outcome.record?.error).toContain("blocked");
  });
});

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type FailureDecision,
  type RunDependencies,
  type RunPrompter,
  runSession,
} from "../../ccw/src/coordinator/execute.js";
import { type PlannablePrompt, planSession } from "../../ccw/src/coordinator/plan.js";
import { runSummary } from "../../ccw/src/coordinator/run-action.js";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { displayStatus } from "../../ccw/src/coordinator/session-view.js";
import { BusyError, UsageError } from "../../ccw/src/errors.js";
import type { CodexRunOptions, CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { codexOutcome } from "../helpers/codex-outcome.js";

function prompt(name: string, body = "Task: $TASK\nWrite to $ARTIFACT_DIR\n"): PlannablePrompt {
  return {
    name,
    category: "planning",
    path: `/pack/${name}.md`,
    body,
    placeholders: listPlaceholders(body),
  };
}

function lookup(prompts: PlannablePrompt[]) {
  return {
    get: async (name: string) => prompts.find((candidate) => candidate.name === name),
    list: async () => ({ prompts }),
  };
}

const PACK = [
  ...["lite-plan-a", "execute", "lite-fix"].map((name) => prompt(name)),
  prompt("clean", "Task: $TASK\nInput: $PREV_ARTIFACT_DIR\nWrite to $ARTIFACT_DIR\n"),
];

type Script = (call: {
  command: string;
  attempt: number;
  options: CodexRunOptions;
}) => Partial<CodexRunOutcome> & {
  status: CodexRunOutcome["status"];
};

/** A fake runner: answers each call from `script`, and records the calls. */
function fakeRunner(script: Script) {
  const calls: { command: string; attempt: number; prompt: string; resume?: string }[] = [];
  const attempts = new Map<string, number>();
  const run = async (options: CodexRunOptions): Promise<CodexRunOutcome> => {
    const command = /\/steps\/\d\d-([a-z-]+)\//.exec(options.stderrLogPath ?? "")?.[1] ?? "?";
    const attempt = (attempts.get(command) ?? 0) + 1;
    attempts.set(command, attempt);
    const resume = options.request.resume;
    calls.push({
      command,
      attempt,
      prompt: String(options.prompt),
      ...(resume && "threadId" in resume ? { resume: resume.threadId } : {}),
    });
    options.onSpawn?.(4242);
    options.onThreadStarted?.(`thread-${command}-${attempt}`);
    const outcome = script({ command, attempt, options });
    return codexOutcome({
      exitCode: outcome.status === "completed" ? 0 : 1,
      pid: 4242,
      threadId: `thread-${command}-${attempt}`,
      turnCompleted: outcome.status === "completed",
      ...(outcome.status === "completed"
        ? { lastMessage: `done ${command}` }
        : { lastMessage: undefined, error: "model said no" }),
      ...outcome,
    });
  };
  return { run, calls };
}

const ALIVE = new Set([1000]);
const lockEnvironment = {
  pid: 1000,
  host: "test-host",
  now: () => new Date("2026-11-21T10:00:00Z"),
  isAlive: (pid: number) => ALIVE.has(pid),
  procStart: () => undefined,
  terminate: () => undefined,
};

async function planned(
  chain: string[],
  options: { maxRetries?: number; allowPartial?: boolean } = {},
) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "ccw-exec-"));
  const store = new SessionStore(workspace);
  const plan = await planSession(
    {
      intent: "Fix the flaky test",
      workspace,
      sessionId: "codex-coord-20261121-100000-abcd",
      now: "2026-11-21T10:00:00.000Z",
      chain,
      maxRetries: options.maxRetries ?? 1,
      timeoutMs: 60_000,
      allowPartial: options.allowPartial ?? false,
      promptFolders: ["/pack"],
    },
    lookup(PACK),
  );
  await store.create(plan.state);
  return { store, id: plan.state.session_id };
}

function deps(
  store: SessionStore,
  run: RunDependencies["run"],
  extra: Partial<RunDependencies> = {},
): RunDependencies {
  return {
    store,
    prompts: lookup(PACK),
    run,
    codexBin: "/fake/codex",
    env: {},
    signal: new AbortController().signal,
    lockEnvironment,
    ...extra,
  };
}

function prompter(decisions: FailureDecision[]): RunPrompter & { refusals: string[] } {
  const refusals: string[] = [];
  return {
    refusals,
    async onStepFailure({ refusal }) {
      if (refusal) refusals.push(refusal);
      const next = decisions.shift();
      if (!next) throw new Error("no more decisions");
      return next;
    },
  };
}

describe("runSession", () => {
  it("runs every step once, in order, with the previous step's artifacts bound", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    const result = await runSession(id, deps(store, run));
    expect(result.exitCode).toBe(0);
    expect(result.state.status).toBe("completed");
    expect(calls.map((call) => call.command)).toEqual(["lite-plan-a", "execute"]);
    expect(calls[1]?.prompt).toContain("Task: Fix the flaky test");
    expect(
      result.state.execution_results.map((record) => [
        record.index,
        record.status,
        record.pid,
        record.codex_thread_id,
      ]),
    ).toEqual([
      [0, "completed", 4242, "thread-lite-plan-a-1"],
      [1, "completed", 4242, "thread-execute-1"],
    ]);
  });

  it("retries a failed step max_retries times, then fails the session without a terminal", async () => {
    const { store, id } = await planned(["bug-fix"], { maxRetries: 2 });
    const { run, calls } = fakeRunner(({ command }) => ({
      status: command === "lite-fix" ? "failed" : "completed",
    }));
    const result = await runSession(id, deps(store, run));
    expect(result.exitCode).toBe(1);
    expect(result.state.status).toBe("failed");
    expect(calls.map((call) => call.command)).toEqual(["lite-fix", "lite-fix", "lite-fix"]);
    expect(result.state.command_chain[0]).toMatchObject({ status: "failed", attempts: 3 });
    expect((await store.readEvents(id)).map((event) => event.kind)).toEqual([
      "session.planned",
      "session.started",
      ...["step.started", "step.thread", "step.failed", "step.retry"],
      ...["step.started", "step.thread", "step.failed", "step.retry"],
      ...["step.started", "step.thread", "step.failed"],
      "session.failed",
    ]);
  });

  it("fails a step whose final message reports STATUS: blocked, so the next step never runs", async () => {
    const { store, id } = await planned(["quick-implementation"], { maxRetries: 0 });
    const { run, calls } = fakeRunner(({ command }) =>
      command === "lite-plan-a"
        ? {
            status: "completed",
            lastMessage: "STATUS: blocked\nThe task names no file to change.\nFiles:\n- error.json",
          }
        : { status: "completed" },
    );
    const result = await runSession(id, deps(store, run));
    expect(calls.map((call) => call.command)).toEqual(["lite-plan-a"]);
    expect(result.state.status).toBe("failed");
    expect(result.state.execution_results[0]).toMatchObject({
      status: "failed",
      exit_code: 0,
      error: "the step reported STATUS: blocked (see its last-message.md and artifacts/error.json)",
    });
  });

  it.each([
    ["STATUS: ok\nDone.", false],
    ["STATUS: partial\nSome of it.", false],
    ["  STATUS: Failed\nNothing worked.", true],
    ["All good, STATUS: blocked later in the text", false],
  ])("reads %j as a stop: %s", async (message, stops) => {
    const { reportedStop } = await import("../../ccw/src/coordinator/step-attempt.js");
    expect(reportedStop(message) !== undefined).toBe(stops);
  });

  it("treats a timeout like a failure (retried, then failed)", async () => {
    const { store, id } = await planned(["cleanup"], { maxRetries: 0 });
    const { run } = fakeRunner(() => ({ status: "timed_out", error: "timed out after 1m" }));
    const result = await runSession(id, deps(store, run));
    expect(result.state.status).toBe("failed");
    expect(result.state.execution_results[0]).toMatchObject({
      status: "timed_out",
      error: "timed out after 1m",
    });
  });

  it("gives a failed session a new retry budget on resume", async () => {
    const { store, id } = await planned(["cleanup"], { maxRetries: 0 });
    await runSession(id, deps(store, fakeRunner(() => ({ status: "failed" })).run));
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    const result = await runSession(id, deps(store, run));
    expect(result.state.status).toBe("completed");
    expect(calls).toHaveLength(1);
    expect(result.state.command_chain[0]?.attempts).toBe(2);
  });

  it("asks Retry / Skip unit / Abort on a terminal: retry runs the step again", async () => {
    const { store, id } = await planned(["cleanup"], { maxRetries: 0 });
    const { run, calls } = fakeRunner(({ attempt }) => ({
      status: attempt === 1 ? "failed" : "completed",
    }));
    const result = await runSession(id, deps(store, run, { prompter: prompter(["retry"]) }));
    expect(result.state.status).toBe("completed");
    expect(calls.map((call) => call.attempt)).toEqual([1, 2]);
  });

  it("skips a whole unit none of whose steps completed, and goes on", async () => {
    const { store, id } = await planned(["bug-fix", "cleanup"], { maxRetries: 0 });
    const { run, calls } = fakeRunner(({ command }) => ({
      status: command === "lite-fix" ? "failed" : "completed",
    }));
    const result = await runSession(id, deps(store, run, { prompter: prompter(["skip-unit"]) }));
    // Skipped units are not success: exit 6, shown as `partial` (state.json says completed:
    // nothing is left to run).
    expect(result.exitCode).toBe(6);
    expect(result.state.status).toBe("completed");
    expect(displayStatus(result.state)).toBe("partial");
    expect(runSummary(result.state, 1200)).toBe(
      `${id}: partial (1/3 steps completed, 2 skipped) in 1.2s\n`,
    );
    expect(result.state.units.map((unit) => unit.status)).toEqual(["skipped", "completed"]);
    expect(result.state.command_chain.map((step) => step.status)).toEqual([
      "skipped",
      "skipped",
      "completed",
    ]);
    expect(calls.map((call) => call.command)).toEqual(["lite-fix", "clean"]);
    // With the unit before it skipped, `clean` gets the session's input, not a skipped step's folder.
    expect(calls[1]?.prompt).toContain(`Input: ${store.files(id).input}\n`);
  });

  it("refuses to skip a partly executed unit, then aborts when told to", async () => {
    const { store, id } = await planned(["quick-implementation"], { maxRetries: 0 });
    const { run } = fakeRunner(({ command }) => ({
      status: command === "execute" ? "failed" : "completed",
    }));
    const asked = prompter(["skip-unit", "abort"]);
    const result = await runSession(id, deps(store, run, { prompter: asked }));
    expect(asked.refusals).toEqual([
      expect.stringContaining(
        "cannot skip unit quick-implementation (Quick Implementation): step 1 lite-plan-a already completed",
      ),
    ]);
    expect(result.exitCode).toBe(5);
    expect(result.state.status).toBe("aborted");
    expect(result.state.command_chain.map((step) => step.status)).toEqual(["completed", "failed"]);
  });

  it("skips a partly executed unit when the session allows partial units", async () => {
    const { store, id } = await planned(["quick-implementation"], {
      maxRetries: 0,
      allowPartial: true,
    });
    const { run } = fakeRunner(({ command }) => ({
      status: command === "execute" ? "failed" : "completed",
    }));
    const result = await runSession(id, deps(store, run, { prompter: prompter(["skip-unit"]) }));
    expect(result.state.command_chain.map((step) => step.status)).toEqual(["completed", "skipped"]);
    expect(result.state.status).toBe("completed");
  });

  it("leaves the session waiting (130) when the failure question is interrupted", async () => {
    const { store, id } = await planned(["cleanup"], { maxRetries: 0 });
    const { run } = fakeRunner(() => ({ status: "failed" }));
    const result = await runSession(id, deps(store, run, { prompter: prompter([]) }));
    expect(result).toMatchObject({ exitCode: 130, state: { status: "waiting", owner: null } });
  });

  it("records an aborted run as interrupted and the session as waiting (130)", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    const { run } = fakeRunner(({ command }) =>
      command === "execute"
        ? { status: "aborted", error: "interrupted (SIGINT)" }
        : { status: "completed" },
    );
    const result = await runSession(id, deps(store, run));
    expect(result.exitCode).toBe(130);
    expect(result.state.status).toBe("waiting");
    expect(result.state.command_chain.map((step) => step.status)).toEqual(["completed", "pending"]);
    expect(result.state.execution_results.at(-1)).toMatchObject({
      status: "interrupted",
      codex_thread_id: "thread-execute-1",
    });

    // Resume continues the interrupted thread; with --fresh it would start from the prompt.
    const again = fakeRunner(() => ({ status: "completed" }));
    const resumed = await runSession(id, deps(store, again.run));
    expect(resumed.state.status).toBe("completed");
    expect(again.calls).toEqual([
      expect.objectContaining({ command: "execute", resume: "thread-execute-1" }),
    ]);
    expect(again.calls[0]?.prompt).toContain("Your previous run of this step was interrupted");
  });

  it("starts an interrupted step from its prompt with fresh", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    await runSession(
      id,
      deps(
        store,
        fakeRunner(({ command }) =>
          command === "execute" ? { status: "aborted", error: "x" } : { status: "completed" },
        ).run,
      ),
    );
    const again = fakeRunner(() => ({ status: "completed" }));
    await runSession(id, deps(store, again.run, { fresh: true }));
    expect(again.calls[0]).not.toHaveProperty("resume");
    expect(again.calls[0]?.prompt).toContain("Task: Fix the flaky test");
  });

  it("starts afresh an interrupted step whose recorded thread id Codex could not take", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    await runSession(
      id,
      deps(
        store,
        fakeRunner(({ command }) =>
          command === "execute" ? { status: "aborted", error: "x" } : { status: "completed" },
        ).run,
      ),
    );
    const state = await store.load(id);
    await store.save({
      ...state,
      execution_results: state.execution_results.map((record) =>
        record.status === "interrupted" ? { ...record, codex_thread_id: "a b; rm -rf ~" } : record,
      ),
    });
    const again = fakeRunner(() => ({ status: "completed" }));
    const resumed = await runSession(id, deps(store, again.run));
    expect(resumed.state.status).toBe("completed");
    expect(again.calls[0]).not.toHaveProperty("resume");
    expect(again.calls[0]?.prompt).toContain("Task: Fix the flaky test");
  });

  it("fails a step whose prompt file cannot be loaded with the file's problem", async () => {
    const { store, id } = await planned(["cleanup"]);
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    const unloadable = {
      get: async () => undefined,
      list: async () => ({
        prompts: [],
        diagnostics: [{ file: "/pack/clean.md", line: 2, message: "YAML syntax error" }],
      }),
    };
    const result = await runSession(id, deps(store, run, { prompts: unloadable }));
    expect(calls).toHaveLength(0);
    expect(result.state.execution_results[0]?.error).toBe(
      "prompt clean cannot be used: /pack/clean.md:2: YAML syntax error",
    );
  });

  it("stops between steps when interrupted", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    const controller = new AbortController();
    const { run, calls } = fakeRunner(() => {
      controller.abort("SIGINT");
      return { status: "completed" };
    });
    const result = await runSession(id, deps(store, run, { signal: controller.signal }));
    expect(calls).toHaveLength(1);
    expect(result).toMatchObject({ exitCode: 130, state: { status: "waiting" } });
  });

  it("fails a step whose prompt no longer expands without running Codex or retrying it", async () => {
    const { store, id } = await planned(["cleanup"], { maxRetries: 3 });
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    const broken = lookup([prompt("clean", "Needs $TICKET_ID\n")]);
    const result = await runSession(id, deps(store, run, { prompts: broken }));
    expect(calls).toHaveLength(0);
    expect(result.state.status).toBe("failed");
    expect(result.state.execution_results[0]?.error).toContain(
      "$TICKET_ID, which the coordinator cannot bind",
    );
  });

  it("refuses an aborted session and does nothing for a completed one", async () => {
    const { store, id } = await planned(["cleanup"]);
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    expect((await runSession(id, deps(store, run))).state.status).toBe("completed");
    expect((await runSession(id, deps(store, run))).exitCode).toBe(0);
    expect(calls).toHaveLength(1);

    const other = await planned(["cleanup"]);
    const state = await other.store.load(other.id);
    await other.store.save({ ...state, status: "aborted" });
    await expect(runSession(other.id, deps(other.store, run))).rejects.toBeInstanceOf(UsageError);
  });

  it("tidies a completed session that a killed process left with a stale status.json and lock", async () => {
    const { store, id } = await planned(["cleanup"]);
    const { run } = fakeRunner(() => ({ status: "completed" }));
    const done = await runSession(id, deps(store, run));
    const files = store.files(id);
    // What a process killed right after its final state.json write leaves behind.
    writeFileSync(
      files.status,
      readFileSync(files.status, "utf8").replace('"completed"', '"running"'),
    );
    await acquireSessionLock(files.lock, { ...lockEnvironment, pid: 5000 });
    writeFileSync(`${files.state}.1234567890`, "{");

    const again = await runSession(
      id,
      deps(store, fakeRunner(() => ({ status: "completed" })).run),
    );
    expect(again).toMatchObject({ exitCode: 0, state: { status: "completed" } });
    expect(JSON.parse(readFileSync(files.status, "utf8")).status).toBe("completed");
    expect(readdirSync(files.lock)).toEqual([]);
    expect(readdirSync(files.dir)).not.toContain("state.json.1234567890");
    expect(again.state).toEqual(done.state);
  });

  it("refuses a session another live process runs, naming its pid", async () => {
    const { store, id } = await planned(["cleanup"]);
    ALIVE.add(2000);
    await acquireSessionLock(store.files(id).lock, { ...lockEnvironment, pid: 2000 });
    const { run } = fakeRunner(() => ({ status: "completed" }));
    await expect(runSession(id, deps(store, run))).rejects.toThrow(BusyError);
    await expect(runSession(id, deps(store, run))).rejects.toThrow(/pid 2000/);
  });

  it("takes over the lock of a dead owner and recovers its open attempt", async () => {
    const { store, id } = await planned(["quick-implementation"]);
    await acquireSessionLock(store.files(id).lock, { ...lockEnvironment, pid: 3000 });
    const state = await store.load(id);
    await store.save({
      ...state,
      status: "running",
      owner: { pid: 3000, host: "test-host", started_at: "2026-11-21T10:00:00.000Z" },
      command_chain: state.command_chain.map((step) =>
        step.index === 0 ? { ...step, status: "running", attempts: 1 } : step,
      ),
      execution_results: [
        {
          index: 0,
          command: "lite-plan-a",
          attempt: 1,
          status: "started",
          started_at: "2026-11-21T10:00:00.000Z",
          artifacts: [],
        },
      ],
      current_index: 0,
    });
    const { run, calls } = fakeRunner(() => ({ status: "completed" }));
    const result = await runSession(id, deps(store, run));
    expect(result.state.status).toBe("completed");
    expect(
      result.state.execution_results.map((record) => [record.index, record.attempt, record.status]),
    ).toEqual([
      [0, 1, "interrupted"],
      [0, 2, "completed"],
      [1, 1, "completed"],
    ]);
    expect(calls.map((call) => call.command)).toEqual(["lite-plan-a", "execute"]);
    expect((await store.readEvents(id)).map((event) => event.kind)).toContain("lock.takeover");
  });
});

/**
 * Runs a session (shared/specs/coordinator.md §5): takes the lock, recovers what a dead owner
 * left running, then runs each step that is neither completed nor skipped through the shared
 * Codex runner, persisting every transition before acting on it. Retries, the Retry / Skip unit /
 * Abort decision, Ctrl-C and resume all go through here.
 */
import os from "node:os";
import { UsageError } from "../errors.js";
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import { isThreadId } from "../tools/codex/codex-argv.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { stopOrphans } from "./orphan.js";
import { type PlannablePrompt, type PromptLookup, promptFileProblems } from "./plan.js";
import { acquireSessionLock, type LockEnvironment, systemLockEnvironment } from "./session-lock.js";
import type { SessionStore } from "./session-store.js";
import {
  type AttemptMode,
  argsOf,
  attemptFacts,
  prepareAttempt,
  reportedStop,
  runAttempt,
} from "./step-attempt.js";
import {
  beginAttempt,
  checkRunnable,
  claim,
  finishAttempt,
  isComplete,
  lastAttempt,
  nextStepIndex,
  noteAttempt,
  recoverOpenAttempts,
  release,
  skipUnit,
} from "./transitions.js";

/** What to do about a step that used up its attempts (asked only on a terminal). */
export type FailureDecision = "retry" | "skip-unit" | "abort";

/** Interactive decisions during a run; absent when nobody can answer. */
export interface RunPrompter {
  onStepFailure(context: {
    state: SessionState;
    index: number;
    record: AttemptRecord | undefined;
    /** Why the last "skip unit" was refused, when it was. */
    refusal?: string;
  }): Promise<FailureDecision>;
}

/** Progress callbacks; every one is optional. */
export interface RunObserver {
  sessionStarted?(state: SessionState, info: { recovered: number[]; tookOverFrom?: number }): void;
  stepStarted?(state: SessionState, index: number, mode: AttemptMode): void;
  codexEvent?(state: SessionState, index: number, event: CodexEvent): void;
  stepFinished?(state: SessionState, index: number, record: AttemptRecord | undefined): void;
  retrying?(state: SessionState, index: number, failures: number): void;
  unitSkipped?(state: SessionState, unitId: string): void;
}

export interface RunDependencies {
  readonly store: SessionStore;
  readonly prompts: {
    get(name: string): Promise<PlannablePrompt | undefined>;
    /** With it, a prompt whose file cannot be loaded fails its step with the file's problem. */
    list?: PromptLookup["list"];
  };
  readonly run: (options: CodexRunOptions) => Promise<CodexRunOutcome>;
  readonly codexBin: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
  readonly now?: () => Date;
  readonly prompter?: RunPrompter;
  readonly observer?: RunObserver;
  readonly lockEnvironment?: LockEnvironment;
  /** Start interrupted steps from their prompt instead of continuing their Codex thread. */
  readonly fresh?: boolean;
}

/** How a run ended. */
export interface RunResult {
  readonly state: SessionState;
  /** 0 completed, 1 failed, 4 completed with skipped units, 5 aborted, 130 interrupted. */
  readonly exitCode: 0 | 1 | 4 | 5 | 130;
  /** The pid of the `ccw coordinator abort` that stopped this run (0: unknown). */
  readonly abortedBy?: number;
}

/** Runs (or continues) session `id` until it completes, fails, is aborted or is interrupted. */
export async function runSession(id: string, deps: RunDependencies): Promise<RunResult> {
  const { store } = deps;
  const now = () => (deps.now ?? (() => new Date()))().toISOString();
  const lockEnvironment = deps.lockEnvironment ?? systemLockEnvironment;
  if (checkRunnable(await store.load(id)) === 0) {
    return { state: await store.tidyCompleted(id, lockEnvironment), exitCode: 0 };
  }
  const lock = await acquireSessionLock(store.files(id).lock, lockEnvironment);
  try {
    // Read again under the lock: the state may have moved on while we waited for it.
    let state = await store.load(id);
    await store.removeTempFiles(id);
    // A request left by an abort that died before it finished is not for this run.
    await store.clearAbortRequest(id);
    if (checkRunnable(state) === 0) {
      await store.repairStatus(state);
      return { state, exitCode: 0 };
    }

    const open = state.execution_results.filter((record) => record.status === "started");
    await stopOrphans(open.flatMap((record) => (record.pid === undefined ? [] : [record.pid])));
    const recovery = recoverOpenAttempts(state, now());
    state = claim(recovery.state, lock.owner);
    state = await store.save(state);
    for (const index of recovery.recovered) {
      await store.appendEvent(id, {
        kind: "step.interrupted",
        step: index,
        detail: "its process stopped; recovered on resume",
      });
    }
    if (lock.tookOverFrom) {
      await store.appendEvent(id, {
        kind: "lock.takeover",
        detail: `from pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host}, which is gone`,
      });
    }
    await store.appendEvent(id, {
      kind: "session.started",
      detail: `pid ${lock.owner.pid} on ${os.hostname()}`,
    });
    deps.observer?.sessionStarted?.(state, {
      recovered: recovery.recovered,
      ...(lock.tookOverFrom ? { tookOverFrom: lock.tookOverFrom.pid } : {}),
    });

    const failures = new Map<number, number>();
    let refusal: string | undefined;
    for (;;) {
      if (deps.signal.aborted)
        return await stop(state, "waiting", 130, "interrupted between steps");
      const index = nextStepIndex(state);
      if (index === undefined) break;

      const step = state.command_chain[index];
      if (!step) throw new RangeError(`no step ${index}`);
      const previous = lastAttempt(state, index);
      // A recorded thread id Codex could not take (garbled, or of a format newer than ccw's
      // check) starts the step afresh instead of stopping every resume at the argv check.
      const mode: AttemptMode =
        !deps.fresh &&
        previous?.status === "interrupted" &&
        previous.codex_thread_id !== undefined &&
        isThreadId(previous.codex_thread_id)
          ? { kind: "resume", threadId: previous.codex_thread_id }
          : { kind: "fresh" };
      const prompt = mode.kind === "fresh" ? await deps.prompts.get(step.command) : undefined;
      const unusable =
        mode.kind === "fresh" && !prompt
          ? await promptFileProblems(deps.prompts, step.command)
          : [];
      const prepared = await prepareAttempt(state, index, mode, prompt, unusable);

      state = beginAttempt(state, index, now());
      if (prepared.ok) {
        const args = argsOf(step.args, prepared.bindings);
        state = {
          ...state,
          command_chain: state.command_chain.map((s) => (s.index === index ? { ...s, args } : s)),
        };
      }
      // The attempt record is written once Codex has a pid (the first note below), in the same
      // write: "started, with pid". A step that cannot start is saved with its outcome.
      await store.appendEvent(id, {
        kind: "step.started",
        step: index,
        detail: `attempt ${state.command_chain[index]?.attempts}${mode.kind === "resume" ? `, continuing Codex thread ${mode.threadId}` : ""}`,
      });
      deps.observer?.stepStarted?.(state, index, mode);

      let outcome: CodexRunOutcome | undefined;
      let error: string | undefined;
      if (prepared.ok) {
        // Facts that arrive while Codex runs are saved in order, one write at a time.
        let writes = Promise.resolve();
        let writeError: unknown;
        const note = (facts: Pick<Partial<AttemptRecord>, "pid" | "codex_thread_id">) => {
          writes = writes.then(async () => {
            try {
              state = await store.save(noteAttempt(state, index, facts));
            } catch (failure) {
              writeError ??= failure;
            }
          });
        };
        outcome = await runAttempt({
          state,
          index,
          mode,
          text: prepared.text,
          bin: deps.codexBin,
          env: deps.env,
          signal: deps.signal,
          run: deps.run,
          onSpawn: (pid) => note({ pid }),
          onThreadStarted: (threadId) => {
            note({ codex_thread_id: threadId });
            void writes.then(() =>
              store.appendEvent(id, { kind: "step.thread", step: index, detail: threadId }),
            );
          },
          onEvent: (event) => deps.observer?.codexEvent?.(state, index, event),
        });
        await writes;
        if (writeError !== undefined) throw writeError;
      } else {
        error = prepared.error;
      }

      const stopped =
        outcome?.status === "completed" ? reportedStop(outcome.lastMessage) : undefined;
      const result = stopped ? "failed" : outcome ? resultOf(outcome) : "failed";
      const facts = outcome
        ? {
            ...(await attemptFacts(state, index, outcome, now())),
            ...(stopped ? { error: stopped } : {}),
          }
        : { finished_at: now(), artifacts: [], error: error ?? "the step could not start" };
      state = await store.save(finishAttempt(state, index, result, facts));
      const record = lastAttempt(state, index);
      await store.appendEvent(id, {
        kind: `step.${result}`,
        step: index,
        ...(record?.error === undefined ? {} : { detail: record.error }),
      });
      deps.observer?.stepFinished?.(state, index, record);

      if (result === "interrupted") return await stop(state, "waiting", 130, "interrupted");
      if (result === "completed") continue;

      const failed = (failures.get(index) ?? 0) + 1;
      failures.set(index, failed);
      if (prepared.ok && failed <= state.options.max_retries) {
        await store.appendEvent(id, {
          kind: "step.retry",
          step: index,
          detail: `retry ${failed} of ${state.options.max_retries}`,
        });
        deps.observer?.retrying?.(state, index, failed);
        continue;
      }
      if (!deps.prompter)
        return await stop(state, "failed", 1, `step ${index + 1} ${step.command} failed`);

      for (;;) {
        let decision: FailureDecision;
        try {
          decision = await deps.prompter.onStepFailure({
            state,
            index,
            record,
            ...(refusal ? { refusal } : {}),
          });
        } catch {
          return await stop(state, "waiting", 130, "interrupted at the failure prompt");
        }
        refusal = undefined;
        if (decision === "abort")
          return await stop(state, "aborted", 5, "aborted after a failed step");
        if (decision === "retry") {
          failures.set(index, 0);
          break;
        }
        try {
          state = await store.save(skipUnit(state, step.unit, state.options.allow_partial));
          await store.appendEvent(id, { kind: "unit.skipped", detail: step.unit });
          deps.observer?.unitSkipped?.(state, step.unit);
          break;
        } catch (refused) {
          if (!(refused instanceof UsageError)) throw refused;
          refusal = refused.message;
        }
      }
    }
    if (!isComplete(state)) return await stop(state, "failed", 1, undefined);
    const skipped = state.command_chain.some((step) => step.status === "skipped");
    return await stop(
      state,
      "completed",
      skipped ? 4 : 0,
      skipped ? "with skipped units" : undefined,
    );
  } finally {
    await lock.release();
  }

  function stop(
    state: SessionState,
    status: "waiting" | "completed" | "failed" | "aborted",
    exitCode: RunResult["exitCode"],
    detail: string | undefined,
  ): Promise<RunResult> {
    return stopSession(store, id, state, { status, exitCode, detail });
  }
}

/**
 * Ends a run: the session released with `status`, and its event. A run that stopped because
 * `ccw coordinator abort` asked it to (from another shell) ends `aborted` instead, with the
 * abort's exit code, and says by whom.
 */
async function stopSession(
  store: SessionStore,
  id: string,
  state: SessionState,
  end: {
    status: "waiting" | "completed" | "failed" | "aborted";
    exitCode: RunResult["exitCode"];
    detail: string | undefined;
  },
): Promise<RunResult> {
  const abortedBy = end.status === "waiting" ? await store.abortRequestedBy(id) : undefined;
  if (abortedBy !== undefined) {
    const by = abortedBy > 0 ? `pid ${abortedBy}` : "another process";
    const saved = await store.save(release(state, "aborted"));
    await store.appendEvent(id, {
      kind: "session.aborted",
      detail: `by ${by} (ccw coordinator abort)`,
    });
    return { state: saved, exitCode: 5, abortedBy };
  }
  const saved = await store.save(release(state, end.status));
  await store.appendEvent(id, {
    kind: `session.${end.status}`,
    ...(end.detail === undefined ? {} : { detail: end.detail }),
  });
  return { state: saved, exitCode: end.exitCode };
}

function resultOf(outcome: CodexRunOutcome): "completed" | "failed" | "interrupted" | "timed_out" {
  switch (outcome.status) {
    case "completed":
      return "completed";
    case "timed_out":
      return "timed_out";
    case "aborted":
      return "interrupted";
    case "failed":
    case "not_started":
      return "failed";
  }
}

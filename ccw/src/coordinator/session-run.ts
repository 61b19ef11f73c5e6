/**
 * What a run of a session works with: its dependencies (the store, the prompts, the Codex
 * runner, the terminal), the state as last saved, and the few writes every part of the run
 * makes (save the state, append an event, stop). execute.ts's loop and its parts
 * (run-start.ts, run-step.ts, step-decision.ts) share it.
 */
import type { StepCheckpoints } from "../checkpoints/step-checkpoints.js";
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex/codex-runner.js";
import type { PlannablePrompt, PromptLookup } from "./plan.js";
import type { LockEnvironment } from "./session-lock.js";
import type { SessionEvent, SessionStore } from "./session-store.js";
import type { AttemptMode } from "./step-attempt.js";
import { release } from "./transitions.js";

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
  /** A repair turn of step `index` starts (turn `turn` of `of`; docs/coordinator.md). */
  repairing?(state: SessionState, index: number, turn: number, of: number): void;
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
  /**
   * The Codex executable, or how to find it from the state as loaded under the lock (its
   * options may name one); called once, after `confirm`, before anything is written.
   */
  readonly codexBin: string | ((state: SessionState) => Promise<string>);
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted on Ctrl-C / SIGTERM. */
  readonly signal: AbortSignal;
  readonly now?: () => Date;
  readonly prompter?: RunPrompter;
  readonly observer?: RunObserver;
  readonly lockEnvironment?: LockEnvironment;
  /** Start interrupted steps from their prompt instead of continuing their Codex thread. */
  readonly fresh?: boolean;
  /** Takes the working tree's checkpoints around each attempt (docs/coordinator.md, "Checkpoints"). */
  readonly checkpoints?: StepCheckpoints;
  /**
   * Asked under the lock with the state as loaded, before anything changes; `false` runs
   * nothing (the result then says `ran: "declined"`).
   */
  readonly confirm?: (state: SessionState) => Promise<boolean>;
}

/** How a run ended. */
export interface RunResult {
  readonly state: SessionState;
  /** 0 completed, 1 failed or aborted, 130 interrupted. */
  readonly exitCode: 0 | 1 | 130;
  /** Present when no step ran: the session had completed already, or `confirm` said no. */
  readonly ran?: "already-completed" | "declined";
}

/** A run in progress: the session, what it runs with, and its state as last saved. */
export interface SessionRun {
  readonly id: string;
  readonly deps: RunDependencies;
  readonly codexBin: string;
  state: SessionState;
  /** The current time as state.json records it. */
  now(): string;
  /** Saves `next` (it becomes `state`). */
  save(next: SessionState): Promise<SessionState>;
  /** Appends one line to the session's events. */
  event(event: Omit<SessionEvent, "time">): Promise<void>;
}

export function createSessionRun(
  id: string,
  deps: RunDependencies,
  state: SessionState,
  codexBin: string,
): SessionRun {
  const clock = deps.now ?? (() => new Date());
  const run: SessionRun = {
    id,
    deps,
    codexBin,
    state,
    now: () => clock().toISOString(),
    save: async (next) => {
      run.state = await deps.store.save(next);
      return run.state;
    },
    event: (event) => deps.store.appendEvent(id, event),
  };
  return run;
}

/** Ends the run: releases the session with `status` and records why. */
export async function stopRun(
  run: SessionRun,
  status: "waiting" | "completed" | "failed" | "aborted",
  exitCode: RunResult["exitCode"],
  detail: string | undefined,
): Promise<RunResult> {
  const saved = await run.save(release(run.state, status));
  await run.event({ kind: `session.${status}`, ...(detail === undefined ? {} : { detail }) });
  return { state: saved, exitCode };
}

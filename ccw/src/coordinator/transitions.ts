/**
 * Pure transitions of a session's state. Each returns a new state; the executor persists every
 * one before it acts on it. Unit statuses are always derived from their steps.
 */
import { UsageError } from "../errors.js";
import { shellQuote } from "../lib/text/shell-quote.js";
import type {
  AttemptRecord,
  Owner,
  SessionState,
  StepState,
  UnitState,
} from "../session/state-schema.js";
import { closeOpenRepairs } from "./verified-state.js";

type Outcome = "completed" | "failed" | "interrupted" | "timed_out";

const isDone = (step: StepState) => step.status === "completed" || step.status === "skipped";

/** The status a unit has given its steps. */
export function deriveUnitStatus(
  unit: UnitState,
  chain: readonly StepState[],
): UnitState["status"] {
  const steps = unit.steps.map((index) => chain[index]).filter((step) => step !== undefined);
  if (steps.every((step) => step.status === "skipped")) return "skipped";
  if (steps.every(isDone)) return "completed";
  if (steps.some((step) => step.status === "running")) return "running";
  if (steps.some((step) => step.status === "failed")) return "failed";
  return steps.some(isDone) ? "running" : "pending";
}

function withUnits(state: SessionState): SessionState {
  return {
    ...state,
    units: state.units.map((unit) => ({
      ...unit,
      status: deriveUnitStatus(unit, state.command_chain),
    })),
  };
}

function updateStep(state: SessionState, index: number, change: Partial<StepState>): SessionState {
  return withUnits({
    ...state,
    command_chain: state.command_chain.map((step) =>
      step.index === index ? { ...step, ...change } : step,
    ),
  });
}

/** The open attempt of step `index` (status `started`), if any. */
export function openAttempt(state: SessionState, index: number): AttemptRecord | undefined {
  return state.execution_results.findLast(
    (result) => result.index === index && result.status === "started",
  );
}

/** The newest attempt record of step `index`. */
export function lastAttempt(state: SessionState, index: number): AttemptRecord | undefined {
  return state.execution_results.findLast((result) => result.index === index);
}

function updateOpenAttempt(
  state: SessionState,
  index: number,
  change: Partial<AttemptRecord>,
): SessionState {
  const open = openAttempt(state, index);
  if (!open) return state;
  return {
    ...state,
    execution_results: state.execution_results.map((result) =>
      result === open ? { ...result, ...change } : result,
    ),
  };
}

/** The first step that is neither completed nor skipped: where a run continues. */
export function nextStepIndex(state: SessionState): number | undefined {
  return state.command_chain.find((step) => !isDone(step))?.index;
}

/** A process takes the session: it becomes `running` with that owner. */
export function claim(state: SessionState, owner: Owner): SessionState {
  return { ...state, status: "running", owner };
}

/**
 * After the previous owner died: every attempt it left open becomes `interrupted` and its steps
 * go back to `pending` (resume rule 3). Returns the indexes of the steps that were recovered.
 */
export function recoverOpenAttempts(
  state: SessionState,
  now: string,
): { state: SessionState; recovered: number[] } {
  const recovered = [
    ...new Set(state.execution_results.filter((r) => r.status === "started").map((r) => r.index)),
  ];
  if (recovered.length === 0 && !state.command_chain.some((step) => step.status === "running")) {
    return { state, recovered };
  }
  const next: SessionState = {
    ...state,
    execution_results: state.execution_results.map((result) =>
      result.status === "started"
        ? {
            ...closeOpenRepairs(result, now),
            status: "interrupted",
            finished_at: now,
            error: "the process running it stopped",
          }
        : result,
    ),
    command_chain: state.command_chain.map((step) =>
      step.status === "running" ? { ...step, status: "pending" } : step,
    ),
  };
  return { state: withUnits(next), recovered };
}

/** Step `index` starts a new attempt. */
export function beginAttempt(state: SessionState, index: number, now: string): SessionState {
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const attempt: AttemptRecord = {
    index,
    command: step.command,
    attempt: step.attempts + 1,
    status: "started",
    started_at: now,
    artifacts: [],
  };
  return {
    ...updateStep(state, index, { status: "running", attempts: step.attempts + 1 }),
    execution_results: [...state.execution_results, attempt],
    current_index: index,
  };
}

/** Facts about the running attempt that arrive while it runs (pid, Codex thread). */
export function noteAttempt(
  state: SessionState,
  index: number,
  facts: Pick<Partial<AttemptRecord>, "pid" | "codex_thread_id">,
): SessionState {
  return updateOpenAttempt(state, index, facts);
}

/** The running attempt of step `index` ended. An interrupted step can run again later. */
export function finishAttempt(
  state: SessionState,
  index: number,
  outcome: Outcome,
  facts: Omit<Partial<AttemptRecord>, "status" | "index" | "command" | "attempt">,
): SessionState {
  const stepStatus: StepState["status"] =
    outcome === "completed" ? "completed" : outcome === "interrupted" ? "pending" : "failed";
  const recorded = updateOpenAttempt(state, index, { ...facts, status: outcome });
  return updateStep(recorded, index, { status: stepStatus });
}

/**
 * Skips the whole unit `unitId`: all its steps become `skipped`. Refused when one of its steps
 * completed (that would leave a partial unit) unless `allowPartial`.
 */
export function skipUnit(state: SessionState, unitId: string, allowPartial: boolean): SessionState {
  const unit = state.units.find((candidate) => candidate.id === unitId);
  if (!unit) throw new UsageError(`no unit ${unitId} in this session`);
  const completed = unit.steps
    .map((index) => state.command_chain[index])
    .filter((step) => step?.status === "completed");
  if (completed.length > 0 && !allowPartial) {
    throw new UsageError(
      `cannot skip unit ${unit.id} (${unit.name}): step ${completed.map((step) => `${(step?.index ?? 0) + 1} ${step?.command}`).join(", ")} already completed, and skipping the rest would leave the unit half done`,
      { hint: "Retry the failed step, abort the session, or pass --allow-partial to skip anyway." },
    );
  }
  return withUnits({
    ...state,
    command_chain: state.command_chain.map((step) =>
      unit.steps.includes(step.index) && step.status !== "completed"
        ? { ...step, status: "skipped" }
        : step,
    ),
  });
}

/** The session stops: `waiting`, `completed`, `failed` or `aborted`, and nobody owns it. */
export function release(
  state: SessionState,
  status: Exclude<SessionState["status"], "planned" | "running">,
): SessionState {
  return {
    ...state,
    status,
    owner: null,
    current_index: status === "completed" ? null : state.current_index,
  };
}

/** Whether every step that is not skipped has completed. */
export function isComplete(state: SessionState): boolean {
  return state.command_chain.every(isDone);
}

/** Refuses sessions that cannot run; returns the exit code for one that has nothing left to do. */
export function checkRunnable(state: SessionState): 0 | undefined {
  if (state.status === "aborted") {
    throw new UsageError(
      `session ${state.session_id} was aborted; an aborted session never runs again`,
      {
        hint: `Plan a new one: ccw coordinator codex ${shellQuote(state.intent)}`,
      },
    );
  }
  return state.status === "completed" ? 0 : undefined;
}

/**
 * What the page shows of a session, computed from its state.json (pure functions): the row of
 * the sessions list and the whole session page, with its steps, their timing, and the actions
 * that make sense now.
 */

import { nextAction } from "../coordinator/session-view.js";
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import { projectStatus } from "../session/status.js";
import type {
  AttemptView,
  FileRef,
  SessionActions,
  SessionDetail,
  SessionRow,
  StepView,
} from "./api-types.js";
import type { SessionRowSource } from "./session-row-source.js";

/** The row of the sessions list (from a whole state, or the fields the list reads). */
export function sessionRow(state: SessionRowSource): SessionRow {
  const status = projectStatus(state);
  return {
    id: state.session_id,
    status: state.status,
    intent: state.intent,
    task_type: state.analysis.task_type,
    complexity: state.analysis.complexity,
    done: status.progress.done,
    total: status.progress.total,
    current: status.current,
    created_at: state.created_at,
    updated_at: state.updated_at,
  };
}

/** The files found on disk for each step, by step index. */
export interface StepFiles {
  readonly files: readonly FileRef[];
  readonly artifacts: readonly FileRef[];
}

/** What the page needs besides state.json. */
export interface DetailFacts {
  readonly workspace: string;
  /** The session folder relative to the workspace. */
  readonly folder: string;
  readonly ownerAlive: boolean;
  readonly stepFiles: ReadonlyMap<number, StepFiles>;
  readonly sessionFiles: readonly FileRef[];
  /** Whether restoring to a checkpoint is possible in this build (checkpoints are kept). */
  readonly canRestore: boolean;
}

/** The session page. */
export function sessionDetail(state: SessionState, facts: DetailFacts): SessionDetail {
  const steps = state.command_chain.map((step): StepView => {
    const attempts = state.execution_results
      .filter((record) => record.index === step.index)
      .map(attemptView);
    const first = attempts[0];
    const last = attempts.at(-1);
    const finished = last?.finished_at ?? null;
    const found = facts.stepFiles.get(step.index);
    return {
      index: step.index,
      command: step.command,
      unit: step.unit,
      unit_name: state.units.find((unit) => unit.id === step.unit)?.name ?? step.unit,
      category: step.category,
      status: step.status,
      attempts,
      started_at: first?.started_at ?? null,
      finished_at: finished,
      duration_ms: first && finished ? Date.parse(finished) - Date.parse(first.started_at) : null,
      files: found?.files ?? [],
      artifacts: found?.artifacts ?? [],
      checkpoint: optionalField(step, "checkpoint"),
    };
  });
  return {
    row: sessionRow(state),
    workspace: facts.workspace,
    folder: facts.folder,
    owner: state.owner
      ? { pid: state.owner.pid, host: state.owner.host, alive: facts.ownerAlive }
      : null,
    next: nextAction(state, facts.ownerAlive) ?? null,
    actions: availableActions(state, facts.ownerAlive, facts.canRestore),
    steps,
    files: facts.sessionFiles,
    options: { ...state.options },
    analysis: { ...state.analysis },
    restores: arrayField(state, "restores"),
    updated_at: state.updated_at,
  };
}

/** The actions that make sense for a session in this state. */
export function availableActions(
  state: SessionState,
  ownerAlive: boolean,
  canRestore: boolean,
): SessionActions {
  const finished = state.status === "completed" || state.status === "aborted";
  const running = state.status === "running" && ownerAlive;
  return {
    resume: !finished && !running,
    abort: !finished,
    restore:
      canRestore &&
      !running &&
      state.command_chain.some((step) => optionalField(step, "checkpoint") !== null),
  };
}

function attemptView(record: AttemptRecord): AttemptView {
  const finished = record.finished_at ?? null;
  return {
    attempt: record.attempt,
    status: record.status,
    started_at: record.started_at,
    finished_at: finished,
    duration_ms: finished === null ? null : Date.parse(finished) - Date.parse(record.started_at),
    exit_code: record.exit_code ?? null,
    thread_id: record.codex_thread_id ?? null,
    error: record.error ?? null,
    usage: record.usage ? { ...record.usage } : null,
    checks: arrayField(record, "checks") as AttemptView["checks"],
    repairs: arrayField(record, "repairs") as AttemptView["repairs"],
  };
}

// Fields that later schema versions add (checkpoints, verified steps): read without depending
// on their types, so the page shows them whenever state.json holds them.
function optionalField(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key] ?? null;
}

function arrayField(value: object, key: string): readonly unknown[] {
  const field = optionalField(value, key);
  return Array.isArray(field) ? field : [];
}

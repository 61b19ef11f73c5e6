/**
 * Pure state transitions of verified steps: the contract checks, verify runs and repair turns
 * recorded on the open attempt of a step (docs/coordinator.md, "Verified steps").
 */

import type {
  AttemptRecord,
  CheckRecord,
  RepairRecord,
  SessionState,
} from "../session/state-schema.js";
import { DEFAULT_MAX_REPAIRS } from "../tools/codex/run-limits.js";

/** The repair turns each attempt of this session may take. */
export function maxRepairsOf(state: SessionState): number {
  return state.options.max_repairs ?? DEFAULT_MAX_REPAIRS;
}

/** Whether step `index` is the last step of its unit (where `--verify` commands run). */
export function isLastOfUnit(state: SessionState, index: number): boolean {
  const step = state.command_chain[index];
  const unit = state.units.find((candidate) => candidate.id === step?.unit);
  return unit !== undefined && unit.steps.at(-1) === index;
}

function updateOpen(
  state: SessionState,
  index: number,
  change: (record: AttemptRecord) => AttemptRecord,
): SessionState {
  return {
    ...state,
    execution_results: state.execution_results.map((record) =>
      record.index === index && record.status === "started" ? change(record) : record,
    ),
  };
}

/** Records a contract check or verify run on the open attempt of step `index`. */
export function addCheck(state: SessionState, index: number, check: CheckRecord): SessionState {
  return updateOpen(state, index, (record) => ({
    ...record,
    checks: [...(record.checks ?? []), check],
  }));
}

/** Records the start of a repair turn on the open attempt of step `index`. */
export function beginRepair(
  state: SessionState,
  index: number,
  repair: RepairRecord,
): SessionState {
  return updateOpen(state, index, (record) => ({
    ...record,
    repairs: [...(record.repairs ?? []), repair],
  }));
}

/** Updates the running repair turn (the last one) of the open attempt of step `index`. */
export function updateRepair(
  state: SessionState,
  index: number,
  change: Partial<RepairRecord>,
): SessionState {
  return updateOpen(state, index, (record) => {
    const repairs = record.repairs ?? [];
    const last = repairs.at(-1);
    if (!last) return record;
    return { ...record, repairs: [...repairs.slice(0, -1), { ...last, ...change }] };
  });
}

/** A repair turn left running by a process that died: interrupted (used on recovery). */
export function closeOpenRepairs(record: AttemptRecord, now: string): AttemptRecord {
  if (!record.repairs?.some((repair) => repair.status === "started")) return record;
  return {
    ...record,
    repairs: record.repairs.map((repair) =>
      repair.status === "started"
        ? {
            ...repair,
            status: "interrupted",
            finished_at: now,
            error: "the process running it stopped",
          }
        : repair,
    ),
  };
}

/**
 * The repair turn an interrupted attempt was in when it stopped, if any: a resumed attempt
 * continues that turn (its prompt) and keeps counting from it.
 */
export function interruptedRepair(record: AttemptRecord | undefined): RepairRecord | undefined {
  const last = record?.repairs?.at(-1);
  return last?.status === "interrupted" ? last : undefined;
}

/** The repair turn step `index` is in right now (`repairing 1/1`), if it is in one. */
export function runningRepair(
  state: SessionState,
  index: number,
): { turn: number; of: number } | undefined {
  const open = state.execution_results.find(
    (record) => record.index === index && record.status === "started",
  );
  const last = open?.repairs?.at(-1);
  return last?.status === "started" ? { turn: last.turn, of: last.of } : undefined;
}

/**
 * status.json: the small projection of a coordinator session that hooks, the status line and
 * dashboards read (coordinator.md §6). This module is on the hook fast path, which must start
 * almost as fast as a bare `node`, so it checks the two formats it reads by hand, without zod.
 * hook/status-schema.ts holds the same rules as zod schemas, for the coordinator's state.json
 * and for messages about a file that fails them; a test holds the two together.
 *
 * Meaning of the derived fields (docs/claude-code.md, "status.json"):
 * - `progress.done`: steps that are `completed` or `skipped` (they will not run again);
 *   `progress.total`: every step of the chain.
 * - `current`: the step that is `running`; else the step at `current_index` if it is not done
 *   yet; else the first step that is neither completed nor skipped (the step a resume runs
 *   next, or the failed one); `null` when every step is done.
 * - `next`: the first step after `current` that is neither completed nor skipped; `null` when
 *   `current` is the last one to run (or there is no current step).
 */

import { isRecord } from "../lib/json/json-checks.js";

/** Session status values of state.json (coordinator.md §4). */
export const SESSION_STATUSES = [
  "planned",
  "running",
  "waiting",
  "completed",
  "failed",
  "aborted",
] as const;

/** Step status values of `command_chain[].status`. */
export const STEP_STATUSES = ["pending", "running", "completed", "failed", "skipped"] as const;

export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];

/** Session statuses the status line treats as active (a live run, or a resumable stop). */
export const ACTIVE_STATUSES: readonly SessionStatus[] = ["running", "waiting"];

/** One step of the chain as status.json lists it. */
export interface ChainStep {
  index: number;
  command: string;
  unit: string;
  status: StepStatus;
}

/** The content of status.json. */
export interface CoordinatorStatus {
  session_id: string;
  workflow: "codex-coordinator";
  status: SessionStatus;
  command_chain: ChainStep[];
  current: string | null;
  next: string | null;
  progress: { done: number; total: number };
  updated_at: string;
  /** Present while a step is in a repair turn (docs/coordinator.md, "Verified steps"). */
  repairing?: Repairing;
}

/** The repair turn a step is in: `repairing 1/1`. */
export interface Repairing {
  step: string;
  turn: number;
  of: number;
}

/**
 * The part of the coordinator's state.json that status.json is projected from. Other fields
 * of state.json are ignored here, so the hook can read a whole state.json as a StatusSource.
 */
export interface StatusSource {
  session_id: string;
  status: SessionStatus;
  command_chain: ChainStep[];
  current_index: number | null;
  updated_at: string;
  /** state.json's attempts: a started one with a started repair turn shows as `repairing`. */
  execution_results?: readonly AttemptSource[];
}

/** The part of an attempt record the projection reads. */
interface AttemptSource {
  readonly index: number;
  readonly status: string;
  readonly repairs?: readonly {
    readonly turn: number;
    readonly of: number;
    readonly status: string;
  }[];
}

/** Whether `value` is a valid status.json (other keys are allowed and ignored). */
export function isCoordinatorStatus(value: unknown): value is CoordinatorStatus {
  if (!isRecord(value) || value.workflow !== "codex-coordinator") return false;
  const { progress } = value;
  return (
    isSource(value) &&
    isNullableText(value.current) &&
    isNullableText(value.next) &&
    isRecord(progress) &&
    isStepIndex(progress.done) &&
    isStepIndex(progress.total)
  );
}

/** Whether `value` holds what status.json is projected from (a state.json has more). */
export function isStatusSource(value: unknown): value is StatusSource {
  return (
    isRecord(value) &&
    isSource(value) &&
    (value.current_index === null || isStepIndex(value.current_index))
  );
}

/** The fields status.json and state.json share. */
function isSource(value: Record<string, unknown>): boolean {
  return (
    typeof value.session_id === "string" &&
    isOneOf(value.status, SESSION_STATUSES) &&
    Array.isArray(value.command_chain) &&
    value.command_chain.every(isChainStep) &&
    typeof value.updated_at === "string"
  );
}

function isChainStep(value: unknown): boolean {
  return (
    isRecord(value) &&
    isStepIndex(value.index) &&
    typeof value.command === "string" &&
    typeof value.unit === "string" &&
    isOneOf(value.status, STEP_STATUSES)
  );
}

function isStepIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isNullableText(value: unknown): boolean {
  return value === null || typeof value === "string";
}

function isOneOf(value: unknown, allowed: readonly string[]): boolean {
  return typeof value === "string" && allowed.includes(value);
}

/** One step as the progress rules see it: its name and its status. */
export interface ProgressStep {
  readonly command: string;
  readonly status: StepStatus;
}

/** done / total, the current step and the next one, by the rules at the top of this file. */
export function chainProgress(
  chain: readonly ProgressStep[],
  currentIndex: number | null,
): { done: number; total: number; current: number | null; next: number | null } {
  const isDone = (step: ProgressStep | undefined) =>
    step !== undefined && (step.status === "completed" || step.status === "skipped");
  const done = chain.filter((step) => isDone(step)).length;
  const running = chain.findIndex((step) => step.status === "running");
  const pointed =
    currentIndex !== null && chain[currentIndex] !== undefined && !isDone(chain[currentIndex])
      ? currentIndex
      : -1;
  const found =
    running >= 0 ? running : pointed >= 0 ? pointed : chain.findIndex((s) => !isDone(s));
  const current = found < 0 ? null : found;
  const after = current === null ? -1 : chain.findIndex((s, i) => i > current && !isDone(s));
  const next = after < 0 ? null : after;
  return { done, total: chain.length, current, next };
}

/** The one projection from the coordinator's state to status.json. */
export function projectStatus(state: StatusSource): CoordinatorStatus {
  const chain = [...state.command_chain].sort((a, b) => a.index - b.index);
  const progress = chainProgress(chain, positionOf(chain, state.current_index));
  const commandAt = (position: number | null) =>
    position === null ? null : (chain[position]?.command ?? null);
  return {
    session_id: state.session_id,
    workflow: "codex-coordinator",
    status: state.status,
    command_chain: chain.map(({ index, command, unit, status }) => ({
      index,
      command,
      unit,
      status,
    })),
    current: commandAt(progress.current),
    next: commandAt(progress.next),
    progress: { done: progress.done, total: progress.total },
    updated_at: state.updated_at,
    ...repairingOf(state, chain),
  };
}

/** `{ repairing }` when a started attempt is in a started repair turn, else nothing. */
function repairingOf(state: StatusSource, chain: readonly ChainStep[]): { repairing?: Repairing } {
  const results = Array.isArray(state.execution_results) ? state.execution_results : [];
  for (const record of results) {
    if (record?.status !== "started" || !Array.isArray(record.repairs)) continue;
    const last = record.repairs.at(-1);
    const step = chain.find((candidate) => candidate.index === record.index);
    if (last?.status === "started" && step && isStepIndex(last.turn) && isStepIndex(last.of)) {
      return { repairing: { step: step.command, turn: last.turn, of: last.of } };
    }
  }
  return {};
}

/** The position in `chain` (sorted by index) of the step whose `index` is `stepIndex`. */
function positionOf(chain: readonly { index: number }[], stepIndex: number | null): number | null {
  if (stepIndex === null) return null;
  const position = chain.findIndex((step) => step.index === stepIndex);
  return position < 0 ? null : position;
}

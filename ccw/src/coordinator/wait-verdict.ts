/**
 * What `ccw coordinator wait` concludes from a session's state and whether a process runs it,
 * and how it words each step event: pure functions, table-tested.
 */
import path from "node:path";
import { ExitCode } from "../errors.js";
import type { SessionState } from "../session/state-schema.js";
import type { SessionEvent } from "./session-store.js";
import { lastAttempt } from "./transitions.js";

/** How a wait ends. */
export type WaitOutcome =
  | "completed"
  | "failed"
  | "aborted"
  | "waiting"
  | "runner-gone"
  | "timeout";

/** The outcome, its exit code, a line for people, and the command that continues, if any. */
export interface WaitVerdict {
  readonly outcome: WaitOutcome;
  readonly exitCode: number;
  readonly message: string;
  readonly next?: string;
}

/** The exit code of each outcome (docs/cli.md, `ccw coordinator wait`). */
export const WAIT_EXIT_CODES = {
  completed: ExitCode.ok,
  failed: ExitCode.failed,
  aborted: ExitCode.failed,
  waiting: ExitCode.waiting,
  "runner-gone": ExitCode.waiting,
  timeout: ExitCode.timedOut,
} as const satisfies Record<WaitOutcome, number>;

/**
 * Whether the wait is over: `undefined` while a process runs the session (or is about to: a
 * detached runner that has not taken the lock yet), else how it ended.
 */
export function waitVerdict(state: SessionState, runnerAlive: boolean): WaitVerdict | undefined {
  const id = state.session_id;
  const progress = progressOf(state);
  const continueIt = `ccw coordinator resume ${id} --yes --detach`;
  switch (state.status) {
    case "completed":
      return verdict("completed", `${id}: completed (${progress} steps)`);
    case "aborted":
      return verdict("aborted", `${id}: aborted (${progress} steps completed)`);
    case "failed":
      return verdict(
        "failed",
        `${id}: failed at ${stepLabel(state, state.current_index)}${errorOf(state)}`,
        `retry it: ${continueIt}  (or give up: ccw coordinator abort ${id})`,
      );
    case "running":
      if (runnerAlive) return undefined;
      return verdict(
        "runner-gone",
        `${id}: its runner${state.owner ? ` (pid ${state.owner.pid})` : ""} is gone; it stopped at ${stepLabel(state, state.current_index)} (${progress} steps completed)`,
        `continue it: ${continueIt}`,
      );
    case "waiting":
      if (runnerAlive) return undefined;
      return verdict(
        "waiting",
        `${id}: waiting at ${stepLabel(state, state.current_index)} (${progress} steps completed)${errorOf(state)}`,
        `continue it: ${continueIt}`,
      );
    case "planned":
      if (runnerAlive) return undefined;
      return verdict("waiting", `${id}: planned, and no process runs it`, `run it: ${continueIt}`);
  }
}

/** The verdict when the time given to `wait` ran out. */
export function timeoutVerdict(state: SessionState, timeout: string): WaitVerdict {
  const id = state.session_id;
  return verdict(
    "timeout",
    `${id}: still ${state.status} after ${timeout} (${progressOf(state)} steps completed)`,
    `wait again: ccw coordinator wait ${id} --timeout ${timeout}`,
  );
}

/** One line for a step event of events.jsonl, or undefined for events not about steps. */
export function describeEvent(event: SessionEvent, state: SessionState): string | undefined {
  const index = event.step;
  const time = event.time.slice(11, 19);
  const detail = event.detail === undefined ? "" : ` (${event.detail})`;
  if (event.kind === "session.started") return `${time} ${state.session_id}: started`;
  if (event.kind === "unit.skipped") return `${time} unit ${event.detail ?? "?"}: skipped`;
  if (index === undefined) return undefined;
  const label = stepLabel(state, index);
  switch (event.kind) {
    case "step.started":
      return `${time} ${label}: running${detail}`;
    case "step.completed": {
      const record = lastAttempt(state, index);
      const artifacts =
        record?.status === "completed" && record.artifacts.length > 0
          ? ` → ${record.artifacts.map((file) => (path.isAbsolute(file) ? path.relative(state.workspace, file) : file)).join(", ")}`
          : "";
      return `${time} ${label}: completed${artifacts}`;
    }
    case "step.failed":
    case "step.interrupted":
    case "step.timed_out":
      return `${time} ${label}: ${event.kind.slice("step.".length).replace("_", " ")}${detail}`;
    case "step.retry":
      return `${time} ${label}: retrying${detail}`;
    default:
      return undefined;
  }
}

function verdict(outcome: WaitOutcome, message: string, next?: string): WaitVerdict {
  return { outcome, exitCode: WAIT_EXIT_CODES[outcome], message, ...(next ? { next } : {}) };
}

function progressOf(state: SessionState): string {
  const done = state.command_chain.filter((step) => step.status === "completed").length;
  return `${done}/${state.command_chain.length}`;
}

function stepLabel(state: SessionState, index: number | null): string {
  const total = state.command_chain.length;
  const at =
    index ??
    state.command_chain.find((step) => step.status !== "completed" && step.status !== "skipped")
      ?.index;
  const step = at === undefined ? undefined : state.command_chain[at];
  return step === undefined ? "the end" : `step ${step.index + 1}/${total} ${step.command}`;
}

function errorOf(state: SessionState): string {
  const index = state.current_index;
  const record = index === null ? undefined : lastAttempt(state, index);
  return record?.error ? `: ${record.error}` : "";
}

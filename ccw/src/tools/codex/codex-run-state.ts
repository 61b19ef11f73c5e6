/**
 * The pure half of the runner: what a `codex exec --json` stream has shown so far, and the
 * verdict once the process is gone. Success = exit 0 AND a `turn.completed` AND no
 * `turn.failed` or `error` event (specs/codex-facts.md §3: the exit code alone is not reliable).
 */
import type { CodexEvent, CodexItem, CodexUsage } from "./codex-events.js";

/** A shell command Codex ran, as its `item.completed` reported it. */
export interface CodexCommandRecord {
  readonly command: string;
  readonly exitCode: number | null;
  /** `completed`, `failed`, `declined`, ... */
  readonly status: string;
  /** The end of its combined output (at most OUTPUT_TAIL_CHARS characters). */
  readonly outputTail: string;
}

/** A file Codex changed, as its `file_change` items reported it (one entry per path). */
export interface CodexFileChange {
  readonly path: string;
  /** `add`, `delete`, `update`, ... (the latest change of the path). */
  readonly kind: string;
}

/** What the event stream has shown. Mutated by `observeEvent` while the run goes on. */
export interface RunFacts {
  threadId?: string;
  turnCompleted: boolean;
  /** The message of the last `turn.failed`. */
  turnFailure?: string;
  /** The messages of `error` events (fatal stream errors, not error items). */
  streamErrors: string[];
  /** The text of the last completed `agent_message`: the run's final answer. */
  lastMessage?: string;
  /** Usage of the last `turn.completed`. */
  usage?: CodexUsage;
  commands: CodexCommandRecord[];
  filesChanged: CodexFileChange[];
}

const OUTPUT_TAIL_CHARS = 2000;

export function emptyRunFacts(): RunFacts {
  return { turnCompleted: false, streamErrors: [], commands: [], filesChanged: [] };
}

/** Folds one event into the facts. */
export function observeEvent(facts: RunFacts, event: CodexEvent): void {
  switch (event.type) {
    case "thread.started":
      facts.threadId ??= event.thread_id;
      return;
    case "turn.completed":
      facts.turnCompleted = true;
      if (event.usage !== undefined) facts.usage = event.usage;
      return;
    case "turn.failed":
      facts.turnFailure = event.error.message;
      return;
    case "error":
      facts.streamErrors.push(event.message);
      return;
    case "item.completed":
      observeCompletedItem(facts, event.item);
      return;
    case "turn.started":
    case "item.started":
    case "item.updated":
    case "unknown":
      return;
  }
}

function observeCompletedItem(facts: RunFacts, item: CodexItem): void {
  switch (item.type) {
    case "agent_message":
      facts.lastMessage = item.text;
      return;
    case "command_execution":
      facts.commands.push({
        command: item.command,
        exitCode: item.exit_code ?? null,
        status: item.status,
        outputTail: item.aggregated_output.slice(-OUTPUT_TAIL_CHARS),
      });
      return;
    case "file_change":
      if (item.status === "failed") return;
      for (const change of item.changes) {
        const index = facts.filesChanged.findIndex((known) => known.path === change.path);
        if (index >= 0) facts.filesChanged[index] = change;
        else facts.filesChanged.push(change);
      }
      return;
    default:
      return;
  }
}

/** How the process ended. */
export interface ProcessEnd {
  readonly exitCode: number | null;
  readonly signal: string | null;
}

/** Why ccw stopped the process itself, if it did. */
export type Termination =
  | { readonly kind: "timed_out"; readonly timeoutMs: number }
  /** No progress (no event but Codex's error and reconnect notices) for `stallMs`. */
  | { readonly kind: "stalled"; readonly stallMs: number }
  | { readonly kind: "aborted"; readonly reason: string };

/** The verdict for a process that ran. */
export type RunVerdict =
  | { readonly status: "completed" }
  | { readonly status: "failed" | "timed_out" | "aborted"; readonly error: string };

/** Decides how a run ended, from the stream, the exit, and any termination ccw ordered. */
export function classifyRun(
  facts: RunFacts,
  end: ProcessEnd,
  termination: Termination | undefined,
  stderrTail: string,
): RunVerdict {
  if (termination?.kind === "timed_out") {
    return {
      status: "timed_out",
      error: `Codex did not finish within ${formatDuration(termination.timeoutMs)}; ccw stopped its process group`,
    };
  }
  if (termination?.kind === "stalled") {
    const said = facts.streamErrors.at(-1);
    return {
      status: "timed_out",
      error: `stalled: Codex made no progress for ${formatDuration(termination.stallMs)}${said === undefined ? "" : ` (its last notice: ${said})`}; ccw stopped its process group. Check the network and the login (ccw doctor)`,
    };
  }
  if (termination?.kind === "aborted") {
    return {
      status: "aborted",
      error: `interrupted (${termination.reason}); ccw stopped Codex's process group`,
    };
  }
  const cleanExit = end.exitCode === 0 && end.signal === null;
  if (
    cleanExit &&
    facts.turnCompleted &&
    facts.turnFailure === undefined &&
    facts.streamErrors.length === 0
  ) {
    return { status: "completed" };
  }
  return { status: "failed", error: failureMessage(facts, end, stderrTail) };
}

function failureMessage(facts: RunFacts, end: ProcessEnd, stderrTail: string): string {
  if (facts.turnFailure !== undefined) return facts.turnFailure;
  const lastError = facts.streamErrors.at(-1);
  if (lastError !== undefined) return lastError;
  const fromStderr = stderrErrorLine(stderrTail);
  if (end.signal !== null) {
    return `Codex was killed by ${end.signal}${fromStderr === undefined ? "" : `: ${fromStderr}`}`;
  }
  if (end.exitCode !== 0) {
    return `Codex exited with code ${end.exitCode}${fromStderr === undefined ? "" : `: ${fromStderr}`}`;
  }
  return "Codex exited without finishing the turn (no turn.completed event)";
}

/** The line of Codex's stderr that best explains a failure: `Error:`, a panic, else the last. */
export function stderrErrorLine(stderrTail: string): string | undefined {
  const lines = stderrTail
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const errorLine = lines.find((line) => /^error\b/i.test(line));
  const panicAt = lines.findIndex((line) => /\bpanicked at\b/.test(line));
  // A Rust panic prints where it happened, then on the next line what happened.
  const panic = panicAt < 0 ? undefined : lines.slice(panicAt, panicAt + 2).join(" ");
  const chosen = errorLine ?? panic ?? lines.filter((line) => !/^WARNING\b/.test(line)).at(-1);
  if (chosen === undefined) return undefined;
  return chosen.length > 300 ? `${chosen.slice(0, 297)}...` : chosen;
}

/** `1500` → `1.5s`, `90000` → `1m 30s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds % 60);
  if (minutes < 60) return rest === 0 ? `${minutes}m` : `${minutes}m ${rest}s`;
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  return restMinutes === 0 ? `${hours}h` : `${hours}h ${restMinutes}m`;
}

/**
 * The JSON documents of `ccw view`'s HTTP API (docs/dashboard.md, "The API"). Shared by the
 * server and the page; plain types with no imports, so the browser bundle can use them too.
 */

/** One row of `GET /api/sessions`. */
export interface SessionRow {
  readonly id: string;
  readonly status: string;
  readonly intent: string;
  readonly task_type: string;
  readonly complexity: string;
  readonly done: number;
  readonly total: number;
  /** The step running or next to run (its command), if any. */
  readonly current: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

/** `GET /api/sessions`. */
export interface SessionList {
  readonly workspace: string;
  readonly sessions: readonly SessionRow[];
  /** Session folders whose state.json could not be read. */
  readonly problems: readonly { readonly id: string; readonly message: string }[];
}

/** A file of a step, by its path relative to the session folder. */
export interface FileRef {
  readonly name: string;
  /** Relative to the session folder, with `/` separators: what `GET .../file?path=` takes. */
  readonly path: string;
  readonly size: number;
}

/** One attempt of a step, as the page shows it. */
export interface AttemptView {
  readonly attempt: number;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  readonly exit_code: number | null;
  readonly thread_id: string | null;
  readonly error: string | null;
  readonly usage: Readonly<Record<string, number>> | null;
  /** Contract checks and verify runs (verified steps), as state.json records them. */
  readonly checks: readonly CheckView[];
  /** Repair turns (verified steps), as state.json records them. */
  readonly repairs: readonly RepairView[];
}

/** One problem a contract check or a verify run found (state.json `checks[].problems[]`). */
export interface CheckProblem {
  readonly file: string;
  readonly path: string;
  readonly expected: string;
  readonly found: string;
}

/** A contract check of a step's artifacts or a `--verify` run, after turn `turn`. */
export interface CheckView {
  readonly kind: "contract" | "verify";
  readonly turn: number;
  readonly at: string;
  readonly outcome: "passed" | "failed" | "blocked";
  readonly checked: readonly string[];
  readonly problems: readonly CheckProblem[];
  readonly reason?: string;
  readonly exit_code?: number | null;
  readonly duration_ms?: number;
  readonly output_tail?: string;
}

/** A repair turn: the step's own Codex thread asked to fix what a check found. */
export interface RepairView {
  readonly turn: number;
  readonly of: number;
  readonly status: string;
  readonly started_at: string;
  readonly finished_at?: string;
  readonly error?: string;
}

/** One step of `GET /api/sessions/<id>`. */
export interface StepView {
  readonly index: number;
  readonly command: string;
  readonly unit: string;
  readonly unit_name: string;
  readonly category: string;
  readonly status: string;
  readonly attempts: readonly AttemptView[];
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration_ms: number | null;
  /** The step's own files (prompt.md, last-message.md, codex.jsonl, stderr.log) that exist. */
  readonly files: readonly FileRef[];
  /** The files in its artifacts folder. */
  readonly artifacts: readonly FileRef[];
  /** The step's checkpoints (state.json `checkpoint`), when the session keeps them. */
  readonly checkpoint: unknown;
}

/** What the page may offer for a session right now. */
export interface SessionActions {
  readonly resume: boolean;
  readonly abort: boolean;
  /** Restoring the workspace to a step's checkpoint. */
  readonly restore: boolean;
}

/** `GET /api/sessions/<id>`. */
export interface SessionDetail {
  readonly row: SessionRow;
  readonly workspace: string;
  /** The session folder, relative to the workspace. */
  readonly folder: string;
  readonly owner: { readonly pid: number; readonly host: string; readonly alive: boolean } | null;
  /** What to do next, as `ccw coordinator status` says it. */
  readonly next: string | null;
  readonly actions: SessionActions;
  readonly steps: readonly StepView[];
  /** The session's own files that exist: events.jsonl, runner.log (a background run's output), input/intent.md. */
  readonly files: readonly FileRef[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly analysis: Readonly<Record<string, unknown>>;
  readonly restores: readonly unknown[];
  /** state.json's `updated_at`: actions send it back, and are refused when it changed. */
  readonly updated_at: string;
}

/** One line of events.jsonl (`GET /api/sessions/<id>/events`). */
export interface SessionEventView {
  readonly time: string;
  readonly kind: string;
  readonly step?: number;
  readonly detail?: string;
}

/** What Codex did, from one line of a step's codex.jsonl. */
export interface ActivityItem {
  /** The Codex item id: a later item with the same id replaces the earlier one. */
  readonly id: string;
  readonly kind:
    | "command"
    | "message"
    | "reasoning"
    | "plan"
    | "file_change"
    | "tool"
    | "error"
    | "turn"
    | "other";
  readonly text: string;
  readonly status?: string;
  readonly exit_code?: number | null;
  /** The end of a command's output. */
  readonly output?: string;
}

/** `GET /api/sessions/<id>/steps/<n>/activity?after=<offset>`. */
export interface ActivityPage {
  readonly items: readonly ActivityItem[];
  /** The byte offset to ask from next time (only whole lines are read). */
  readonly next: number;
}

/** `GET /api/sessions/<id>/file?path=<relative path>`. */
export interface FileView {
  readonly path: string;
  readonly size: number;
  readonly kind: "markdown" | "json" | "jsonl" | "text";
  readonly text: string;
  /** The file is larger than the page shows; `text` is its beginning. */
  readonly truncated: boolean;
  /** For JSON: whether it parses, and where it stops being JSON when it does not. */
  readonly json?: { readonly valid: boolean; readonly error?: string };
  /** For a step artifact that a contract check read: its last outcome and the file's problems. */
  readonly contract?: {
    readonly outcome: "passed" | "failed" | "blocked";
    readonly problems: readonly CheckProblem[];
  };
}

/** `GET /api/sessions/<id>/steps/<n>/diff`: what step n changed, between its checkpoints. */
export interface DiffView {
  readonly from: string;
  readonly to: string;
  readonly stat: { readonly files: number; readonly added: number; readonly removed: number };
  readonly files: readonly {
    readonly path: string;
    readonly status: "added" | "deleted" | "modified";
    /** null for a binary file. */
    readonly added: number | null;
    readonly removed: number | null;
  }[];
  /** The unified diff (`git diff` of the two checkpoints), at most 1 MiB of it. */
  readonly patch: string;
  readonly truncated: boolean;
}

/** A server-sent event's data: something changed in the sessions folder. */
export interface ChangeEvent {
  /** The session, or null for the sessions folder itself. */
  readonly session: string | null;
  readonly what: "session" | "state" | "events" | "activity" | "artifacts" | "removed";
  /** For `activity` and `artifacts`: the step index (0-based). */
  readonly step?: number;
}

/** The body of every error answer. */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
}

import type { CoordinatorStatus } from "../session/status.js";

/** What a hook shows of one session, whichever file it came from. */
export interface StatusSummary {
  readonly session_id: string;
  readonly workflow: string;
  readonly status: string;
  readonly progress: { readonly done: number; readonly total: number };
  readonly current: string | null;
  readonly next: string | null;
  readonly updated_at: string | null;
}

/** The summary of a status.json (its derived fields are used as written). */
export function summarizeStatus(status: CoordinatorStatus): StatusSummary {
  return {
    session_id: status.session_id,
    workflow: status.workflow,
    status: status.status,
    progress: status.progress,
    current: status.current,
    next: status.next,
    updated_at: status.updated_at,
  };
}

/** `running 1/2 lite-plan-a → next execute`: status, progress, current step, next step. */
function progressText(summary: StatusSummary, nextLabel: string): string {
  let text = `${summary.status} ${summary.progress.done}/${summary.progress.total}`;
  if (summary.current !== null) text += ` ${summary.current}`;
  if (summary.next !== null) text += ` → ${nextLabel}${summary.next}`;
  return text;
}

/**
 * The line `ccw hook parse-status` prints, e.g.
 * `CCW Status [codex-coord-…] (codex-coordinator): running 1/2 lite-plan-a → next execute`.
 */
export function formatStatusLine(summary: StatusSummary): string {
  return `CCW Status [${summary.session_id}] (${summary.workflow}): ${progressText(summary, "next ")}`;
}

/** The shorter line `ccw hook statusline` prints, e.g. `CCW codex-coord-…: running 1/2 lite-plan-a → execute`. */
export function formatStatuslineText(summary: StatusSummary): string {
  return `CCW ${summary.session_id}: ${progressText(summary, "")}`;
}

import type { CoordinatorStatus, Repairing } from "../session/status.js";

/** What a hook shows of one session, whichever file it came from. */
export interface StatusSummary {
  readonly session_id: string;
  readonly workflow: string;
  readonly status: string;
  readonly progress: { readonly done: number; readonly total: number };
  readonly current: string | null;
  readonly next: string | null;
  readonly updated_at: string | null;
  readonly repairing?: Repairing;
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
    ...(isRepairing(status.repairing) ? { repairing: status.repairing } : {}),
  };
}

function isRepairing(value: unknown): value is Repairing {
  if (typeof value !== "object" || value === null) return false;
  const { step, turn, of } = value as Record<string, unknown>;
  return typeof step === "string" && Number.isSafeInteger(turn) && Number.isSafeInteger(of);
}

/** `running 1/2 lite-plan-a → next execute`: status, progress, current step, next step. */
function progressText(summary: StatusSummary, nextLabel: string): string {
  let text = `${summary.status} ${summary.progress.done}/${summary.progress.total}`;
  if (summary.current !== null) text += ` ${summary.current}`;
  if (summary.repairing !== undefined)
    text += ` (repairing ${summary.repairing.turn}/${summary.repairing.of})`;
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

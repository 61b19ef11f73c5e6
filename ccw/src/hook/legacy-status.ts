/**
 * Status files of the older, prompt-driven ccw orchestrators, read leniently so the same hook
 * shows their progress too. Shapes seen in Claude-Code-Workflow:
 * - `/ccw` writes `.workflow/.ccw/<id>/status.json`:
 *   `{ session_id, workflow, status, command_chain: [{ index, command, status }], current_index }`;
 * - `/ccw-coordinator` writes `.workflow/.ccw-coordinator/<id>/state.json`:
 *   `{ session_id, status, command_chain: [{ index, command, name, status }], ... }`;
 * - `/ccw-debug` writes `.workflow/.ccw-debug/<id>/status.json`: `{ session_id, mode, status,
 *   command_chain, ... }`.
 * Only `status` and `command_chain` are required; every other field has a fallback.
 */
import { hasOptionalText, isRecord } from "../lib/json/json-checks.js";
import { chainProgress, type StepStatus } from "../session/status.js";
import type { StatusSummary } from "./status-summary.js";

/** An older ccw status or state file, as far as the hook reads it. */
export interface LegacyStatus {
  session_id?: string;
  workflow?: string;
  mode?: string;
  status: string;
  command_chain: { command?: string; name?: string; cmd?: string; status?: string }[];
  current_index?: number | null;
  updated_at?: string;
}

const LEGACY_STEP_TEXT = ["command", "name", "cmd", "status"] as const;
const LEGACY_TEXT = ["session_id", "workflow", "mode", "updated_at"] as const;

/**
 * Whether `value` is an older ccw status file: `status` and `command_chain` are required, the
 * other fields are optional but must have their type (LegacyStatusSchema in status-schema.ts
 * states the same rules for messages).
 */
export function isLegacyStatus(value: unknown): value is LegacyStatus {
  return (
    isRecord(value) &&
    typeof value.status === "string" &&
    hasOptionalText(value, LEGACY_TEXT) &&
    (value.current_index === undefined ||
      value.current_index === null ||
      Number.isFinite(value.current_index)) &&
    Array.isArray(value.command_chain) &&
    value.command_chain.every((step) => isRecord(step) && hasOptionalText(step, LEGACY_STEP_TEXT))
  );
}

/** The older step statuses and the coordinator's equivalent; anything else counts as pending. */
const LEGACY_STEP_STATUS: Readonly<Record<string, StepStatus>> = {
  pending: "pending",
  running: "running",
  "in-progress": "running",
  in_progress: "running",
  completed: "completed",
  done: "completed",
  success: "completed",
  failed: "failed",
  error: "failed",
  skipped: "skipped",
};

/** A summary of an older status file; `fallbackId` and `fallbackWorkflow` come from its path. */
export function summarizeLegacyStatus(
  status: LegacyStatus,
  fallbackId: string,
  fallbackWorkflow: string,
): StatusSummary {
  const steps = status.command_chain.map((step, position) => ({
    command: step.command ?? step.name ?? step.cmd ?? `step ${position + 1}`,
    status: LEGACY_STEP_STATUS[step.status ?? "pending"] ?? "pending",
  }));
  const currentIndex =
    typeof status.current_index === "number" && Number.isInteger(status.current_index)
      ? status.current_index
      : null;
  const progress = chainProgress(steps, currentIndex);
  const commandAt = (position: number | null) =>
    position === null ? null : (steps[position]?.command ?? null);
  return {
    session_id: status.session_id ?? fallbackId,
    workflow: status.workflow ?? status.mode ?? fallbackWorkflow,
    status: status.status,
    progress: { done: progress.done, total: progress.total },
    current: commandAt(progress.current),
    next: commandAt(progress.next),
    updated_at: status.updated_at ?? null,
  };
}

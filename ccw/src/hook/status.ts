/**
 * status.json: the small projection of a coordinator session that hooks, the status line and
 * dashboards read (coordinator.md §6). Built with zod/mini, not classic zod: this module is on
 * the hook fast path, which must start almost as fast as a bare `node`.
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
import * as z from "zod/mini";

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

export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export const StepStatusSchema = z.enum(STEP_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;
export type StepStatus = z.infer<typeof StepStatusSchema>;

/** Session statuses the status line treats as active (a live run, or a resumable stop). */
export const ACTIVE_STATUSES: readonly SessionStatus[] = ["running", "waiting"];

// One instance of each field type, shared: zod schemas are immutable, and every instance
// built costs start-up time on the hook's fast path.
const StepIndex = z.int().check(z.minimum(0));
const Text = z.string();
const NullableText = z.nullable(Text);

const ChainStepSchema = z.object({
  index: StepIndex,
  command: Text,
  unit: Text,
  status: StepStatusSchema,
});

/** The one schema of status.json. */
export const CoordinatorStatusSchema = z.object({
  session_id: Text,
  workflow: z.literal("codex-coordinator"),
  status: SessionStatusSchema,
  command_chain: z.array(ChainStepSchema),
  current: NullableText,
  next: NullableText,
  progress: z.object({ done: StepIndex, total: StepIndex }),
  updated_at: Text,
});

/** The content of status.json. */
export type CoordinatorStatus = z.infer<typeof CoordinatorStatusSchema>;

/**
 * The part of the coordinator's state.json that status.json is projected from. Other fields
 * of state.json are ignored here, so the hook can read a whole state.json with this schema.
 */
export const StatusSourceSchema = z.object({
  session_id: Text,
  status: SessionStatusSchema,
  command_chain: z.array(ChainStepSchema),
  current_index: z.nullable(StepIndex),
  updated_at: Text,
});

/** The structural subset of state.json that {@link projectStatus} needs. */
export type StatusSource = z.infer<typeof StatusSourceSchema>;

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
  };
}

/** The position in `chain` (sorted by index) of the step whose `index` is `stepIndex`. */
function positionOf(chain: readonly { index: number }[], stepIndex: number | null): number | null {
  if (stepIndex === null) return null;
  const position = chain.findIndex((step) => step.index === stepIndex);
  return position < 0 ? null : position;
}

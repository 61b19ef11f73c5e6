/**
 * The status file formats of status.ts and legacy-status.ts as zod/mini schemas. The hook
 * checks files with the plain functions of those modules (no zod on its fast path); these
 * schemas only say what is wrong with a file those checks refused (status-issues.ts). A test
 * holds both to the same rules.
 */
import * as z from "zod/mini";
import {
  type CoordinatorStatus,
  SESSION_STATUSES,
  STEP_STATUSES,
  type StatusSource,
} from "../session/status.js";
import type { LegacyStatus } from "./legacy-status.js";

export const SessionStatusSchema = z.enum(SESSION_STATUSES);
export const StepStatusSchema = z.enum(STEP_STATUSES);

const StepIndex = z.int().check(z.minimum(0));
const Text = z.string();
const NullableText = z.nullable(Text);

const ChainStepSchema = z.object({
  index: StepIndex,
  command: Text,
  unit: Text,
  status: StepStatusSchema,
});

/** The schema of status.json. */
export const CoordinatorStatusSchema: z.ZodMiniType<CoordinatorStatus> = z.object({
  session_id: Text,
  workflow: z.literal("codex-coordinator"),
  status: SessionStatusSchema,
  command_chain: z.array(ChainStepSchema),
  current: NullableText,
  next: NullableText,
  progress: z.object({ done: StepIndex, total: StepIndex }),
  updated_at: Text,
  repairing: z.optional(z.object({ step: Text, turn: StepIndex, of: StepIndex })),
});

/** The part of state.json that status.json is projected from; other fields are ignored. */
export const StatusSourceSchema: z.ZodMiniType<StatusSource> = z.object({
  session_id: Text,
  status: SessionStatusSchema,
  command_chain: z.array(ChainStepSchema),
  current_index: z.nullable(StepIndex),
  updated_at: Text,
});

/** An older ccw status or state file (legacy-status.ts): only status and the chain required. */
export const LegacyStatusSchema: z.ZodMiniType<LegacyStatus> = z.object({
  session_id: z.optional(Text),
  workflow: z.optional(Text),
  mode: z.optional(Text),
  status: Text,
  command_chain: z.array(
    z.object({
      command: z.optional(Text),
      name: z.optional(Text),
      cmd: z.optional(Text),
      status: z.optional(Text),
    }),
  ),
  current_index: z.optional(z.nullable(z.number())),
  updated_at: z.optional(Text),
});

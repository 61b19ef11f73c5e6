/**
 * state.json, schema_version 1 (shared/specs/coordinator.md §4): the whole state of a
 * coordinator session and its only source of truth. docs/schemas/state.schema.json is generated
 * from this schema (a test keeps it current); docs/coordinator.md explains every field.
 */
import * as z from "zod";
import { SESSION_STATUSES, STEP_STATUSES } from "../hook/status.js";
import { CODEX_SANDBOX_MODES } from "../tools/codex-argv.js";
import { MAX_TIMEOUT_MS } from "../tools/run-limits.js";
import { COMPLEXITIES, TASK_TYPES } from "./keyword-rules.js";
import { DEPTHS } from "./routing.js";

const Rfc3339Utc = z.iso.datetime().describe("RFC 3339 time in UTC");

export { SESSION_STATUSES, STEP_STATUSES };
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type StepStatus = (typeof STEP_STATUSES)[number];

/**
 * `started` marks the open attempt (written when Codex starts, before its outcome is known); the
 * other four are final outcomes.
 */
export const ATTEMPT_STATUSES = [
  "started",
  "completed",
  "failed",
  "interrupted",
  "timed_out",
] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const SessionOptions = z.strictObject({
  depth: z.enum(DEPTHS),
  max_retries: z.int().min(0),
  // Node's timers cannot wait longer (docs/coordinator.md, "state.json").
  timeout_ms: z.int().positive().max(MAX_TIMEOUT_MS),
  allow_partial: z.boolean(),
  model: z.string().min(1).optional(),
  sandbox: z.enum(CODEX_SANDBOX_MODES).optional(),
  codex_bin: z.string().min(1).optional(),
});

export const Analysis = z.strictObject({
  goal: z.string(),
  scope: z.array(z.string()),
  complexity: z.enum(COMPLEXITIES),
  task_type: z.enum(TASK_TYPES),
  signals: z.array(z.string()),
});

export const UnitState = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  steps: z.array(z.int().min(0)).min(1),
  status: z.enum(["pending", "running", "completed", "failed", "skipped"]),
});

export const StepState = z.strictObject({
  index: z.int().min(0),
  // A prompt name; it names the step's folder, so it can never hold a path.
  command: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9._-]*$/,
      "expected a prompt name (lowercase letters, digits, '.', '_' and '-')",
    ),
  unit: z.string().min(1),
  category: z.string().min(1),
  args: z.record(z.string(), z.string()),
  status: z.enum(STEP_STATUSES),
  attempts: z.int().min(0),
});

export const Usage = z.strictObject({
  input_tokens: z.int().min(0),
  cached_input_tokens: z.int().min(0),
  output_tokens: z.int().min(0),
  reasoning_output_tokens: z.int().min(0),
});

export const AttemptRecord = z.strictObject({
  index: z.int().min(0),
  command: z.string().min(1),
  attempt: z.int().min(1),
  status: z.enum(ATTEMPT_STATUSES),
  started_at: Rfc3339Utc,
  finished_at: Rfc3339Utc.optional(),
  pid: z.int().positive().optional(),
  codex_thread_id: z.string().min(1).optional(),
  exit_code: z.int().optional(),
  signal: z.string().optional(),
  last_message_path: z.string().optional(),
  artifacts: z.array(z.string()),
  usage: Usage.optional(),
  error: z.string().optional(),
});

export const Owner = z.strictObject({
  pid: z.int().positive(),
  host: z.string().min(1),
  started_at: Rfc3339Utc,
});

export const SessionState = z
  .strictObject({
    schema_version: z.literal(1),
    session_id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/),
    created_at: Rfc3339Utc,
    updated_at: Rfc3339Utc,
    status: z.enum(SESSION_STATUSES),
    intent: z.string(),
    workspace: z.string().min(1),
    options: SessionOptions,
    analysis: Analysis,
    units: z.array(UnitState).min(1),
    command_chain: z.array(StepState).min(1),
    execution_results: z.array(AttemptRecord),
    current_index: z.int().min(0).nullable(),
    owner: Owner.nullable(),
  })
  .superRefine((state, ctx) => {
    state.command_chain.forEach((step, position) => {
      if (step.index !== position) {
        ctx.addIssue({
          code: "custom",
          path: ["command_chain", position, "index"],
          message: `expected ${position}: steps are numbered in order from 0`,
        });
      }
    });
    const steps = state.command_chain.length;
    state.units.forEach((unit, position) => {
      unit.steps.forEach((index, at) => {
        if (index >= steps) {
          ctx.addIssue({
            code: "custom",
            path: ["units", position, "steps", at],
            message: `step ${index} does not exist (the chain has ${steps} steps)`,
          });
        }
      });
    });
    if (state.current_index !== null && state.current_index >= steps) {
      ctx.addIssue({
        code: "custom",
        path: ["current_index"],
        message: `step ${state.current_index} does not exist (the chain has ${steps} steps)`,
      });
    }
  });

export type SessionState = z.infer<typeof SessionState>;
export type StepState = z.infer<typeof StepState>;
export type UnitState = z.infer<typeof UnitState>;
export type AttemptRecord = z.infer<typeof AttemptRecord>;
export type SessionOptions = z.infer<typeof SessionOptions>;
export type Owner = z.infer<typeof Owner>;
export type Usage = z.infer<typeof Usage>;

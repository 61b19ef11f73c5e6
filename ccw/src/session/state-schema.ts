/**
 * state.json, schema_version 1 (shared/specs/coordinator.md §4): the whole state of a
 * coordinator session and its only source of truth. docs/schemas/state.schema.json is generated
 * from this schema (a test keeps it current); docs/coordinator.md explains every field.
 */

import { CODEX_SANDBOX_MODES } from "../tools/codex/codex-argv.js";
import { MAX_REPAIRS, MAX_TIMEOUT_MS } from "../tools/codex/run-limits.js";
import * as z from "../zod.js";
import { COMPLEXITIES, DEPTHS, TASK_TYPES } from "./plan-vocabulary.js";
import { SESSION_STATUSES, STEP_STATUSES } from "./status.js";

const nonEmpty = () => z.string().check(z.minLength(1));
const count = (least: number) => z.int().check(z.minimum(least));

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
  max_retries: z.int().check(z.minimum(0)),
  // Node's timers cannot wait longer (docs/coordinator.md, "state.json").
  timeout_ms: z.int().check(z.positive(), z.maximum(MAX_TIMEOUT_MS)),
  // A step with no progress from Codex this long is stopped (absent: the default, 5 minutes).
  stall_ms: z.optional(z.int().check(z.positive(), z.maximum(MAX_TIMEOUT_MS))),
  allow_partial: z.boolean(),
  model: z.optional(z.string().check(z.minLength(1))),
  sandbox: z.optional(z.enum(CODEX_SANDBOX_MODES)),
  codex_bin: z.optional(z.string().check(z.minLength(1))),
  // Verified steps (docs/coordinator.md): absent in sessions written before them (1 repair).
  max_repairs: z.optional(z.int().check(z.minimum(0), z.maximum(MAX_REPAIRS))),
  verify: z.optional(z.array(z.string().check(z.minLength(1)))),
});

function stepSchemas(time: z.ZodMiniISODateTime) {
  const UnitState = z.strictObject({
    id: nonEmpty(),
    name: nonEmpty(),
    steps: z.array(count(0)).check(z.minLength(1)),
    status: z.enum(["pending", "running", "completed", "failed", "skipped"]),
  });

  /** A git object id (SHA-1 or SHA-256). */
  const ObjectId = z
    .string()
    .check(z.regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, "expected a git object id"));

  /** A step's checkpoints (docs/coordinator.md, "Checkpoints"); a failed one is a warning. */
  const StepCheckpoint = z.strictObject({
    before: z.optional(ObjectId),
    after: z.optional(ObjectId),
    after_at: z.optional(time),
    stat: z.optional(z.strictObject({ files: count(0), added: count(0), removed: count(0) })),
    warnings: z.optional(z.array(z.string())),
  });

  /** One `ccw coordinator restore`: what it wrote and the checkpoint of what it replaced. */
  const RestoreRecord = z.strictObject({
    number: count(1),
    at: time,
    target: nonEmpty(),
    wrote: ObjectId,
    saved: ObjectId,
    paths: z.array(z.string()),
  });

  const StepState = z.strictObject({
    index: count(0),
    // A prompt name; it names the step's folder, so it can never hold a path.
    command: z
      .string()
      .check(
        z.regex(
          /^[a-z0-9][a-z0-9._-]*$/,
          "expected a prompt name (lowercase letters, digits, '.', '_' and '-')",
        ),
      ),
    unit: nonEmpty(),
    category: nonEmpty(),
    args: z.record(z.string(), z.string()),
    status: z.enum(STEP_STATUSES),
    attempts: count(0),
    checkpoint: z.optional(StepCheckpoint),
  });

  return { UnitState, StepCheckpoint, RestoreRecord, StepState };
}

function attemptSchemas(time: z.ZodMiniISODateTime) {
  const Usage = z.strictObject({
    input_tokens: count(0),
    cached_input_tokens: count(0),
    output_tokens: count(0),
    reasoning_output_tokens: count(0),
  });

  /** One problem a contract check or a verify run found. */
  const ContractProblemRecord = z.strictObject({
    file: z.string(),
    path: z.string(),
    expected: z.string(),
    found: z.string(),
  });

  /** A contract check of the step's artifacts, or a `--verify` run, after turn `turn`. */
  const CheckRecord = z.strictObject({
    kind: z.enum(["contract", "verify"]),
    /** 0: after the attempt's own turn; n: after repair turn n. */
    turn: count(0),
    at: time,
    outcome: z.enum(["passed", "failed", "blocked"]),
    /** The files checked (inside the artifacts folder), or the verify command. */
    checked: z.array(z.string()),
    problems: z.array(ContractProblemRecord),
    reason: z.optional(z.string()),
    exit_code: z.optional(z.nullable(z.int())),
    signal: z.optional(z.nullable(z.string())),
    timed_out: z.optional(z.boolean()),
    duration_ms: z.optional(count(0)),
    output_tail: z.optional(z.string()),
    log_path: z.optional(z.string()),
  });

  /** A repair turn: the step's own Codex thread, asked to fix what a check found. */
  const RepairRecord = z.strictObject({
    turn: count(1),
    of: count(1),
    thread_id: nonEmpty(),
    started_at: time,
    finished_at: z.optional(time),
    status: z.enum(ATTEMPT_STATUSES),
    prompt_path: z.string(),
    pid: z.optional(z.int().check(z.positive())),
    exit_code: z.optional(z.int()),
    error: z.optional(z.string()),
  });

  const AttemptRecord = z.strictObject({
    index: count(0),
    command: nonEmpty(),
    attempt: count(1),
    status: z.enum(ATTEMPT_STATUSES),
    started_at: time,
    finished_at: z.optional(time),
    pid: z.optional(z.int().check(z.positive())),
    codex_thread_id: z.optional(nonEmpty()),
    exit_code: z.optional(z.int()),
    signal: z.optional(z.string()),
    last_message_path: z.optional(z.string()),
    artifacts: z.array(z.string()),
    usage: z.optional(Usage),
    error: z.optional(z.string()),
    checks: z.optional(z.array(CheckRecord)),
    repairs: z.optional(z.array(RepairRecord)),
    /** A step that wrote its "when blocked" file: the reason the model gave. */
    blocked: z.optional(z.strictObject({ file: z.string(), reason: z.string() })),
  });

  return { Usage, CheckRecord, RepairRecord, AttemptRecord };
}

function buildStateSchemas() {
  const Rfc3339Utc = z.iso.datetime().check(z.describe("RFC 3339 time in UTC"));
  const { UnitState, StepCheckpoint, RestoreRecord, StepState } = stepSchemas(Rfc3339Utc);
  const { Usage, CheckRecord, RepairRecord, AttemptRecord } = attemptSchemas(Rfc3339Utc);

  const Analysis = z.strictObject({
    goal: z.string(),
    scope: z.array(z.string()),
    complexity: z.enum(COMPLEXITIES),
    task_type: z.enum(TASK_TYPES),
    signals: z.array(z.string()),
    // Written only when no rule matched (the task type is the default); older states lack it.
    assumed: z.optional(z.literal(true)),
  });

  const Owner = z.strictObject({
    pid: z.int().check(z.positive()),
    host: nonEmpty(),
    started_at: Rfc3339Utc,
  });

  const SessionState = z
    .strictObject({
      schema_version: z.literal(1),
      session_id: z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/)),
      created_at: Rfc3339Utc,
      updated_at: Rfc3339Utc,
      status: z.enum(SESSION_STATUSES),
      intent: z.string(),
      workspace: nonEmpty(),
      options: SessionOptions,
      analysis: Analysis,
      units: z.array(UnitState).check(z.minLength(1)),
      command_chain: z.array(StepState).check(z.minLength(1)),
      execution_results: z.array(AttemptRecord),
      current_index: z.nullable(count(0)),
      owner: z.nullable(Owner),
      restores: z.optional(z.array(RestoreRecord)),
    })
    .check(z.superRefine(checkNumbering));

  return {
    SessionState,
    UnitState,
    StepCheckpoint,
    RestoreRecord,
    StepState,
    Usage,
    CheckRecord,
    RepairRecord,
    AttemptRecord,
    Owner,
  };
}

/** The numbering rules of a state that its fields alone cannot say. */
function checkNumbering(
  state: {
    command_chain: readonly { index: number }[];
    units: readonly { steps: readonly number[] }[];
    current_index: number | null;
  },
  ctx: z.core.$RefinementCtx,
): void {
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
}

type StateSchemas = ReturnType<typeof buildStateSchemas>;
let built: StateSchemas | undefined;

/**
 * The schemas of state.json (schema_version 1), built the first time they are asked for: zod
 * takes ~2 ms to build them, which a command that writes a state but never reads one
 * (planning) need not pay at every start. `SessionOptions`, which planning checks, is built
 * when the module loads.
 */
export function stateSchemas(): StateSchemas {
  built ??= buildStateSchemas();
  return built;
}

export type SessionState = z.infer<StateSchemas["SessionState"]>;
export type StepState = z.infer<StateSchemas["StepState"]>;
export type UnitState = z.infer<StateSchemas["UnitState"]>;
export type AttemptRecord = z.infer<StateSchemas["AttemptRecord"]>;
export type SessionOptions = z.infer<typeof SessionOptions>;
export type Owner = z.infer<StateSchemas["Owner"]>;
export type Usage = z.infer<StateSchemas["Usage"]>;
export type StepCheckpoint = z.infer<StateSchemas["StepCheckpoint"]>;
export type RestoreRecord = z.infer<StateSchemas["RestoreRecord"]>;
export type CheckRecord = z.infer<StateSchemas["CheckRecord"]>;
export type RepairRecord = z.infer<StateSchemas["RepairRecord"]>;

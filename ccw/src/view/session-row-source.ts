/**
 * The fields of state.json the sessions list shows, checked on their own: a thousand whole
 * states take the coordinator's full schema most of a second to check, these a few
 * milliseconds. The session page still reads its state.json through the full schema, and
 * shows its problems.
 */
import { SESSION_STATUSES, STEP_STATUSES } from "../session/status.js";
import * as z from "../zod.js";

const StepSource = z.looseObject({
  index: z.int().check(z.minimum(0)),
  command: z.string(),
  unit: z.string(),
  status: z.enum(STEP_STATUSES),
});

export const SessionRowSource = z.looseObject({
  schema_version: z.literal(1),
  session_id: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  status: z.enum(SESSION_STATUSES),
  intent: z.string(),
  workspace: z.string(),
  analysis: z.looseObject({ task_type: z.string(), complexity: z.string() }),
  command_chain: z.array(StepSource).check(z.minLength(1)),
  current_index: z.nullable(z.int().check(z.minimum(0))),
});
export type SessionRowSource = z.infer<typeof SessionRowSource>;

/**
 * The JSON documents `ccw coordinator` prints. `codex --plan-only --json`, `status --json` and a
 * run's final line are state.json itself (SessionState); `list --json` prints SessionListing.
 * docs/schemas/*.schema.json are generated from these schemas (a test keeps them current).
 */

import { SESSION_STATUSES, type SessionState, stateSchemas } from "../session/state-schema.js";
import { projectStatus } from "../session/status.js";
import * as z from "../zod.js";
import type { SessionProblem } from "./session-store.js";

export const SessionSummary = z.strictObject({
  session_id: z.string(),
  status: z.enum(SESSION_STATUSES),
  intent: z.string(),
  task_type: z.string(),
  progress: z.strictObject({
    done: z.int().check(z.minimum(0)),
    total: z.int().check(z.minimum(0)),
  }),
  current: z.nullable(z.string()),
  next: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const SessionListing = z.strictObject({
  sessions: z.array(SessionSummary),
  /** Session folders whose state.json could not be read, and why. */
  problems: z.array(z.strictObject({ id: z.string(), message: z.string() })),
  /** How many older sessions were not read or shown (`--limit`, by default 20; 0 with `--all`). */
  omitted: z.int().check(z.minimum(0)),
});
export type SessionListing = z.infer<typeof SessionListing>;

/** The `list --json` document. */
export function sessionListing(
  sessions: readonly SessionState[],
  problems: readonly SessionProblem[],
  omitted = 0,
): SessionListing {
  return {
    sessions: sessions.map((state) => {
      const status = projectStatus(state);
      return {
        session_id: state.session_id,
        status: state.status,
        intent: state.intent,
        task_type: state.analysis.task_type,
        progress: status.progress,
        current: status.current,
        next: status.next,
        created_at: state.created_at,
        updated_at: state.updated_at,
      };
    }),
    problems: problems.map((problem) => ({ id: problem.id, message: problem.message })),
    omitted,
  };
}

/** The committed JSON Schema files under docs/schemas/, by file name. */
export function coordinatorSchemaFiles(): Record<string, string> {
  const render = (schema: z.ZodMiniType, title: string) =>
    `${JSON.stringify({ title, ...z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" }) }, null, 2)}\n`;
  return {
    "state.schema.json": render(
      stateSchemas().SessionState,
      "ccw coordinator state.json (schema_version 1)",
    ),
    "session-list.schema.json": render(SessionListing, "ccw coordinator list --json"),
  };
}

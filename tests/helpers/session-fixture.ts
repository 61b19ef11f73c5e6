import type { SessionState } from "../../ccw/src/session/state-schema.js";

/** A valid two-step, one-unit planned session for tests; override what a test needs. */
export function plannedSession(overrides: Partial<SessionState> = {}): SessionState {
  return {
    schema_version: 1,
    session_id: "codex-coord-20261121-143025-7f3a",
    created_at: "2026-11-21T14:30:25.000Z",
    updated_at: "2026-11-21T14:30:25.000Z",
    status: "planned",
    intent: "Add rate limiting to the login API",
    workspace: "/work/project",
    options: { depth: "standard", max_retries: 1, timeout_ms: 1_800_000, allow_partial: false },
    analysis: {
      goal: "Add rate limiting to the login API",
      scope: [],
      complexity: "medium",
      task_type: "feature",
      signals: ["feature:add"],
    },
    units: [
      {
        id: "quick-implementation",
        name: "Quick Implementation",
        steps: [0, 1],
        status: "pending",
      },
    ],
    command_chain: [
      {
        index: 0,
        command: "lite-plan-a",
        unit: "quick-implementation",
        category: "planning",
        args: {},
        status: "pending",
        attempts: 0,
      },
      {
        index: 1,
        command: "execute",
        unit: "quick-implementation",
        category: "execution",
        args: {},
        status: "pending",
        attempts: 0,
      },
    ],
    execution_results: [],
    current_index: null,
    owner: null,
    ...overrides,
  };
}

/**
 * The buttons of the session page. Each one is refused when the page showed an older state
 * than the one on disk (its `updated_at` differs), then runs exactly the coordinator's code:
 * - resume is `ccw coordinator resume <id> --yes --detach` (startDetachedRun): the chain runs
 *   in its own background process, so it goes on when the page or `ccw view` goes away, and
 *   Ctrl-C in `ccw view` does not reach it; its output goes to the session's runner.log;
 * - abort is `ccw coordinator abort <id>` (the coordinator's `abort`).
 */
import { abort as abortSession } from "../coordinator/actions.js";
import { startDetachedRun } from "../coordinator/detach.js";
import { readLiveOwner } from "../coordinator/session-lock.js";
import type { SessionStore } from "../coordinator/session-store.js";
import type { SessionState } from "../session/state-schema.js";
import { coordinatorCall, type PageContext, pageEnvironment } from "./page-environment.js";
import { availableActions } from "./session-detail.js";
import { ViewError } from "./view-error.js";

/** What the actions need from the server (its `ctx.selfCommand` runs ccw for resume). */
export type ActionContext = PageContext;

/** Loads the session and refuses when the page's copy is stale. */
export async function loadCurrent(
  store: SessionStore,
  id: string,
  seen: string,
): Promise<SessionState> {
  const state = await store.load(id);
  if (state.updated_at !== seen) {
    throw new ViewError(
      409,
      "stale",
      `session ${id} changed since the page showed it (the page saw ${seen}, state.json says ${state.updated_at})`,
      "The page has been refreshed; look at the session again and repeat the action if it still applies.",
    );
  }
  return state;
}

/** Starts the background run of a session the page saw as `seen`. */
export async function resumeFromPage(
  context: ActionContext,
  id: string,
  seen: string,
): Promise<{ pid: number; log: string }> {
  const state = await loadCurrent(context.store, id, seen);
  const owner = await readLiveOwner(context.store.files(id).lock, context.lockEnvironment);
  if (owner || !availableActions(state, false, false).resume) {
    throw new ViewError(
      409,
      "not_resumable",
      owner
        ? `session ${id} is being run by pid ${owner.pid}`
        : `session ${id} is ${state.status}; there is nothing to resume`,
    );
  }
  const { env } = await pageEnvironment(context);
  const run = await coordinatorCall(() => startDetachedRun(env, id, { fresh: false }));
  return { pid: run.pid, log: run.log };
}

/** Runs `ccw coordinator abort <id>`'s code for a session the page saw as `seen`. */
export async function abortFromPage(
  context: ActionContext,
  id: string,
  seen: string,
): Promise<{ output: string }> {
  const state = await loadCurrent(context.store, id, seen);
  if (!availableActions(state, false, false).abort) {
    throw new ViewError(
      409,
      "not_abortable",
      `session ${id} is ${state.status}; it cannot be aborted`,
    );
  }
  const { env, stdout, stderr } = await pageEnvironment(context);
  await coordinatorCall(() => abortSession(env, id));
  return { output: `${stderr()}${stdout()}`.trim() };
}

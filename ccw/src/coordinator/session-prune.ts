/**
 * `ccw coordinator prune` and `ccw coordinator rm`: remove finished sessions, their folders and
 * their checkpoint refs, so `git gc` can drop what only they kept. A session a live process
 * runs is never removed (its lock says so).
 */
import fs from "node:fs/promises";
import { locateRepo } from "../checkpoints/repository.js";
import { deleteSessionRefs } from "../checkpoints/snapshot.js";
import { BusyError, describeFsError, NotFoundError, StorageError } from "../errors.js";
import type { SessionState, SessionStatus } from "../session/state-schema.js";
import { asUserError } from "./checkpoint-diff.js";
import type { CoordinatorEnvironment } from "./environment.js";
import { acquireSessionLock, systemLockEnvironment } from "./session-lock.js";
import { unmarkUnfinished } from "./unfinished-markers.js";

/** What `prune` removes when no `--status` is given: sessions that can never run again. */
export const DEFAULT_PRUNE_STATUSES: readonly SessionStatus[] = ["completed", "aborted"];

export interface PruneOptions {
  /** Only sessions last updated at least this long ago. */
  readonly olderThanMs?: number;
  readonly statuses: readonly SessionStatus[];
  readonly dryRun: boolean;
  /** Print `{dryRun, removed: [{id, status}], skipped: [{id, reason}], refs}` on stdout instead. */
  readonly json?: boolean;
}

/** The sessions `prune` would remove (pure: the clock is passed in). */
export function pruneCandidates(
  sessions: readonly SessionState[],
  options: PruneOptions,
  now: Date,
): SessionState[] {
  return sessions.filter(
    (state) =>
      options.statuses.includes(state.status) &&
      (options.olderThanMs === undefined ||
        now.getTime() - Date.parse(state.updated_at) >= options.olderThanMs),
  );
}

/** Removes one session's refs and folder under its lock; BusyError when a live process runs it. */
async function removeSession(env: CoordinatorEnvironment, id: string): Promise<number> {
  const files = env.store.files(id);
  const lock = await acquireSessionLock(files.lock, env.lockEnvironment ?? systemLockEnvironment);
  try {
    let refs = 0;
    const repo = await locateRepo({
      workspace: env.workspace,
      sessionDir: files.dir,
      env: env.ctx.env,
      create: false,
    }).catch(() => undefined); // no git at all: there are no refs to delete
    // A private repository goes with the folder; the workspace's own holds refs to delete.
    if (repo?.kind === "git") {
      refs = await deleteSessionRefs(repo, id).catch((error: unknown) => {
        throw asUserError(error);
      });
    }
    try {
      await fs.rm(files.dir, { recursive: true, force: true });
    } catch (error) {
      throw new StorageError(`cannot remove ${files.dir}: ${describeFsError(error)}`);
    }
    // A stale name in the index of unfinished sessions would only be passed over; remove it.
    await unmarkUnfinished(env.store.root, id).catch(() => undefined);
    return refs;
  } finally {
    await lock.release().catch(() => undefined);
  }
}

/** `ccw coordinator prune [--older-than <d>] [--status <s,...>] [--dry-run]`. */
export async function prune(env: CoordinatorEnvironment, options: PruneOptions): Promise<void> {
  const { ctx } = env;
  const { sessions } = await env.store.list();
  const candidates = pruneCandidates(sessions, options, env.now());
  if (options.json) {
    await pruneJson(env, candidates, options.dryRun);
    return;
  }
  if (candidates.length === 0) {
    ctx.stdout.write(
      `No sessions to prune (status ${options.statuses.join(" or ")}${options.olderThanMs === undefined ? "" : ", older than the limit"}).\n`,
    );
    return;
  }
  if (options.dryRun) {
    ctx.stdout.write(
      `Would remove ${candidates.length} session(s) and their checkpoints:\n${candidates.map((state) => `  ${state.session_id}  ${state.status}  ${state.updated_at}`).join("\n")}\n`,
    );
    return;
  }
  let removed = 0;
  let refs = 0;
  for (const state of candidates) {
    try {
      refs += await removeSession(env, state.session_id);
      removed++;
      ctx.stdout.write(`removed ${state.session_id} (${state.status})\n`);
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
      ctx.stderr.write(`${ctx.style.yellow(`skipped ${state.session_id}: ${error.message}`)}\n`);
    }
  }
  ctx.stdout.write(`Removed ${removed} session(s) and ${refs} checkpoint ref(s).\n`);
}

/** `prune --json`: what was (or would be) removed and skipped, as one JSON document. */
async function pruneJson(
  env: CoordinatorEnvironment,
  candidates: readonly SessionState[],
  dryRun: boolean,
): Promise<void> {
  const removed: { id: string; status: string }[] = [];
  const skipped: { id: string; reason: string }[] = [];
  let refs = 0;
  for (const state of candidates) {
    try {
      if (!dryRun) refs += await removeSession(env, state.session_id);
      removed.push({ id: state.session_id, status: state.status });
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
      skipped.push({ id: state.session_id, reason: error.message });
    }
  }
  env.ctx.stdout.write(`${JSON.stringify({ dryRun, removed, skipped, refs }, null, 2)}\n`);
}

/** `ccw coordinator rm <id>`: removes one session (refused while a live process runs it). */
export async function removeOne(
  env: CoordinatorEnvironment,
  id: string,
  options: { json?: boolean } = {},
): Promise<void> {
  const files = env.store.files(id);
  const exists = await fs.stat(files.dir).then(
    (stat) => stat.isDirectory(),
    () => false,
  );
  if (!exists) {
    throw new NotFoundError(`no session ${id} in ${env.store.root}`, {
      hint: "`ccw coordinator list` shows the sessions of this workspace (use --cd for another one).",
    });
  }
  const refs = await removeSession(env, id);
  env.ctx.stdout.write(
    options.json
      ? `${JSON.stringify({ id, refs }, null, 2)}\n`
      : `removed ${id} and ${refs} checkpoint ref(s)\n`,
  );
}

/**
 * `ccw coordinator restore`: puts back, in the working tree only, the paths the session's steps
 * changed, as they were at a checkpoint. The present is saved first on `…/restore-<n>`, so
 * every restore can be undone (`--undo <n>`).
 */
import path from "node:path";
import { applyRestore } from "../checkpoints/apply-restore.js";
import { type CheckpointRepo, checkpointIndexFile } from "../checkpoints/repository.js";
import {
  describeTarget,
  planRestore,
  type RestoreAction,
  type RestorePlan,
  type RestoreTarget,
  targetCommit,
} from "../checkpoints/restore-plan.js";
import { restoreRef, setRef } from "../checkpoints/snapshot.js";
import { OperationFailedError } from "../errors.js";
import type { RestoreRecord, SessionState } from "../session/state-schema.js";
import { asUserError, checkpointRepoOf } from "./checkpoint-diff.js";
import type { CoordinatorEnvironment } from "./environment.js";
import { acquireSessionLock, systemLockEnvironment } from "./session-lock.js";

export interface RestoreOptions {
  readonly target: RestoreTarget;
  readonly dryRun: boolean;
  readonly yes: boolean;
  readonly force: boolean;
  readonly json: boolean;
  /** Asks the user (a terminal without --yes); tests inject it. */
  readonly confirm?: (message: string) => Promise<boolean>;
}

/** `ccw coordinator restore <id>|--last --before-step <n>|--after-step <n>|--undo <n>`. */
export async function restore(
  env: CoordinatorEnvironment,
  session: { id?: string; last: boolean },
  options: RestoreOptions,
): Promise<void> {
  const { ctx, store } = env;
  const id = await store.resolveId(session.id, session.last);
  // A missing or invalid session, or a checkpoint it does not have, is reported before the lock.
  targetCommit(await store.load(id), options.target);
  // The lock: never write the working tree under a running step, nor race another restore.
  const lock = await acquireSessionLock(
    store.files(id).lock,
    env.lockEnvironment ?? systemLockEnvironment,
  );
  try {
    const state = await store.load(id);
    const repo = await checkpointRepoOf(env, id);
    const plan = await planRestore(
      repo,
      state,
      options.target,
      checkpointIndexFile(store.files(id).dir),
    ).catch((error: unknown) => {
      throw asUserError(error);
    });
    const shown = (file: string) =>
      path.relative(env.workspace, path.join(repo.topLevel, file)).split(path.sep).join("/");
    const view = restoreView(id, plan, options, shown);
    const human = options.json ? ctx.stderr : ctx.stdout;
    if (plan.edited.length > 0 && !options.force && !options.dryRun) {
      throw editedSince(id, view.label, plan.edited.map(shown));
    }
    if (options.dryRun || view.changes.length === 0) {
      if (options.json) ctx.stdout.write(`${JSON.stringify(view.report(null), null, 2)}\n`);
      human.write(view.dryRun);
      return;
    }
    if (!options.yes && options.confirm) {
      human.write(`Restore ${id} ${view.label}: ${view.changes.length} path(s)\n${view.listing}\n`);
      if (!(await options.confirm(`Restore these ${view.changes.length} path(s)?`))) {
        ctx.stderr.write("Nothing was restored.\n");
        return;
      }
    }
    const number = await writeRestore(env, repo, state, plan, view);
    if (options.json) ctx.stdout.write(`${JSON.stringify(view.report(number), null, 2)}\n`);
    human.write(
      `Restored ${view.changes.length} path(s) of ${id} to ${view.label} (restore ${number}):\n${view.listing}\nUndo it: ${undoCommand(id, number)}\n`,
    );
  } finally {
    await lock.release();
  }
}

const undoCommand = (id: string, number: number) =>
  `ccw coordinator restore ${id} --undo ${number}`;

/** What a restore shows: its label, the paths it changes, the dry-run text and the JSON report. */
function restoreView(
  id: string,
  plan: RestorePlan,
  options: RestoreOptions,
  shown: (file: string) => string,
) {
  const label = describeTarget(options.target);
  const changes = plan.actions.filter((action) => action.action !== "skip");
  const listing = plan.actions
    .map((action) => `  ${action.action.padEnd(6)} ${shown(action.path)}`)
    .join("\n");
  const edited = plan.edited.map(shown);
  const dryRun =
    changes.length === 0
      ? `Nothing to restore: the paths ${id}'s steps changed are already as at ${label}.\n`
      : `${label} would change ${changes.length} path(s) of the ${plan.sessionPaths.length} the session touched:\n${listing}\n${edited.length > 0 ? `edited since the session left them (needs --force): ${edited.join(", ")}\n` : ""}`;
  const report = (restored: number | null) => ({
    session_id: id,
    target: label,
    checkpoint: plan.targetOid,
    dry_run: options.dryRun,
    restore: restored,
    undo: restored === null ? null : undoCommand(id, restored),
    edited,
    paths: plan.actions.map((action) => ({ path: shown(action.path), action: action.action })),
  });
  return { label, changes, listing, dryRun, report };
}

function editedSince(id: string, label: string, edited: readonly string[]): OperationFailedError {
  const one = edited.length === 1;
  return new OperationFailedError(
    `not restoring ${id} ${label}: ${one ? "this path was" : "these paths were"} edited since the session last wrote ${one ? "it" : "them"}:\n${edited.map((file) => `  ${file}`).join("\n")}`,
    {
      hint: "Keep those edits elsewhere first, or pass --force to write over them (the restore can be undone).",
    },
  );
}

/**
 * Saves the present on `restore-<n>` first (the undo exists before anything is written), writes
 * the paths, and records the restore, even after a partial write so that its undo works.
 */
async function writeRestore(
  env: CoordinatorEnvironment,
  repo: CheckpointRepo,
  state: SessionState,
  plan: RestorePlan,
  view: { label: string; changes: readonly RestoreAction[] },
): Promise<number> {
  const id = state.session_id;
  const number = (state.restores?.length ?? 0) + 1;
  await setRef(repo, restoreRef(id, number), plan.present).catch((error: unknown) => {
    throw asUserError(error);
  });
  const record: RestoreRecord = {
    number,
    at: env.now().toISOString(),
    target: view.label,
    wrote: plan.targetOid,
    saved: plan.present,
    paths: view.changes.map((action) => action.path),
  };
  let failure: unknown;
  try {
    await applyRestore(
      repo,
      plan.targetOid,
      view.changes,
      `${checkpointIndexFile(env.store.files(id).dir)}.restore`,
    );
  } catch (error) {
    failure = error;
  }
  await env.store.save({ ...state, restores: [...(state.restores ?? []), record] });
  await env.store.appendEvent(id, {
    kind: "session.restored",
    detail: `restore ${number}: ${view.label}, ${view.changes.length} path(s)`,
  });
  if (failure !== undefined) {
    env.ctx.stderr.write(`Undo what was written: ${undoCommand(id, number)}\n`);
    throw failure;
  }
  return number;
}

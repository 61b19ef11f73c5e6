/**
 * `ccw coordinator restore`: puts back, in the working tree only, the paths the session's steps
 * changed, as they were at a checkpoint. The present is saved first on `…/restore-<n>`, so
 * every restore can be undone (`--undo <n>`).
 */
import path from "node:path";
import type { CoordinatorEnvironment } from "../coordinator/actions.js";
import { acquireSessionLock, systemLockEnvironment } from "../coordinator/session-lock.js";
import type { RestoreRecord } from "../coordinator/state-schema.js";
import { OperationFailedError } from "../errors.js";
import { applyRestore } from "./apply-restore.js";
import { asUserError, checkpointRepoOf } from "./diff-action.js";
import { checkpointIndexFile } from "./repository.js";
import { describeTarget, planRestore, type RestoreTarget } from "./restore-plan.js";
import { restoreRef, setRef } from "./snapshot.js";

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
  await store.load(id); // a missing or invalid session is reported before anything else
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
    const number = (state.restores?.length ?? 0) + 1;
    const label = describeTarget(options.target);
    const changes = plan.actions.filter((action) => action.action !== "skip");
    const report = (restored: number | null) => ({
      session_id: id,
      target: label,
      checkpoint: plan.targetOid,
      dry_run: options.dryRun,
      restore: restored,
      undo: restored === null ? null : `ccw coordinator restore ${id} --undo ${restored}`,
      edited: plan.edited.map(shown),
      paths: plan.actions.map((action) => ({ path: shown(action.path), action: action.action })),
    });
    const human = options.json ? ctx.stderr : ctx.stdout;
    const listing = plan.actions
      .map((action) => `  ${action.action.padEnd(6)} ${shown(action.path)}`)
      .join("\n");

    if (plan.edited.length > 0 && !options.force && !options.dryRun) {
      throw new OperationFailedError(
        `not restoring ${id} ${label}: ${plan.edited.length === 1 ? "this path was" : "these paths were"} edited since the session last wrote ${plan.edited.length === 1 ? "it" : "them"}:\n${plan.edited.map((file) => `  ${shown(file)}`).join("\n")}`,
        {
          hint: "Keep those edits elsewhere first, or pass --force to write over them (the restore can be undone).",
        },
      );
    }
    if (options.dryRun || changes.length === 0) {
      if (options.json) ctx.stdout.write(`${JSON.stringify(report(null), null, 2)}\n`);
      human.write(
        changes.length === 0
          ? `Nothing to restore: the paths ${id}'s steps changed are already as at ${label}.\n`
          : `${label} would change ${changes.length} path(s) of the ${plan.sessionPaths.length} the session touched:\n${listing}\n${plan.edited.length > 0 ? `edited since the session left them (needs --force): ${plan.edited.map(shown).join(", ")}\n` : ""}`,
      );
      return;
    }
    if (!options.yes && options.confirm) {
      human.write(`Restore ${id} ${label}: ${changes.length} path(s)\n${listing}\n`);
      if (!(await options.confirm(`Restore these ${changes.length} path(s)?`))) {
        ctx.stderr.write("Nothing was restored.\n");
        return;
      }
    }
    // The present goes on its ref before anything is written: the undo exists first.
    await setRef(repo, restoreRef(id, number), plan.present).catch((error: unknown) => {
      throw asUserError(error);
    });
    const record: RestoreRecord = {
      number,
      at: env.now().toISOString(),
      target: label,
      wrote: plan.targetOid,
      saved: plan.present,
      paths: changes.map((action) => action.path),
    };
    let failure: unknown;
    try {
      await applyRestore(repo, changes);
    } catch (error) {
      failure = error;
    }
    // Recorded even after a partial write, so the undo command works either way.
    await store.save({ ...state, restores: [...(state.restores ?? []), record] });
    await store.appendEvent(id, {
      kind: "session.restored",
      detail: `restore ${number}: ${label}, ${changes.length} path(s)`,
    });
    if (failure !== undefined) {
      ctx.stderr.write(`Undo what was written: ccw coordinator restore ${id} --undo ${number}\n`);
      throw failure;
    }
    if (options.json) ctx.stdout.write(`${JSON.stringify(report(number), null, 2)}\n`);
    human.write(
      `Restored ${changes.length} path(s) of ${id} to ${label} (restore ${number}):\n${listing}\nUndo it: ccw coordinator restore ${id} --undo ${number}\n`,
    );
  } finally {
    await lock.release();
  }
}

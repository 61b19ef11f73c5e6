/**
 * What a restore would do, worked out from the session's checkpoints: which paths the
 * session's steps changed, which of them to write or delete to match the target checkpoint,
 * and which the user edited since the session last left them (a restore refuses those unless
 * forced). Only git objects are read; nothing is written but the snapshot of the present.
 */

import { NotFoundError } from "../errors.js";
import type { SessionState } from "../session/state-schema.js";
import type { CheckpointRepo } from "./repository.js";
import { hasCommit, takeSnapshot } from "./snapshot.js";
import { type TreeChange, treeChanges } from "./tree-diff.js";

/** The checkpoint to go back (or forward) to. `step` is 1-based. */
export type RestoreTarget =
  | { readonly kind: "before-step" | "after-step"; readonly step: number }
  | { readonly kind: "undo"; readonly number: number };

/** One path a restore writes or deletes. */
export interface RestoreAction {
  readonly path: string;
  readonly action: "write" | "delete" | "skip";
  readonly mode?: string;
  readonly oid?: string;
}

export interface RestorePlan {
  readonly target: RestoreTarget;
  readonly targetOid: string;
  /** The checkpoint of the present, taken for this restore (not yet on a ref). */
  readonly present: string;
  /** Every path the session's steps changed. */
  readonly sessionPaths: readonly string[];
  readonly actions: readonly RestoreAction[];
  /** Session paths that differ from what the session last left there. */
  readonly edited: readonly string[];
}

/** How a target is written on the command line. */
export function describeTarget(target: RestoreTarget): string {
  return target.kind === "undo" ? `--undo ${target.number}` : `--${target.kind} ${target.step}`;
}

/** The commit a target names, or a NotFoundError saying why there is none. */
export function targetCommit(state: SessionState, target: RestoreTarget): string {
  const id = state.session_id;
  if (target.kind === "undo") {
    const record = state.restores?.find((candidate) => candidate.number === target.number);
    if (!record) {
      throw new NotFoundError(`session ${id} has no restore ${target.number}`, {
        hint: `Its restores: ${(state.restores ?? []).map((r) => r.number).join(", ") || "none"}.`,
      });
    }
    return record.saved;
  }
  const step = state.command_chain[target.step - 1];
  if (!step) {
    throw new NotFoundError(
      `session ${id} has no step ${target.step} (it has ${state.command_chain.length})`,
    );
  }
  const side = target.kind === "before-step" ? "before" : "after";
  const oid = step.checkpoint?.[side];
  if (oid === undefined) {
    const warning = step.checkpoint?.warnings?.findLast((text) => text.startsWith(side));
    throw new NotFoundError(
      `step ${target.step} (${step.command}) of ${id} has no ${side} checkpoint${warning ? ` (${warning})` : step.attempts === 0 ? " (it has not run)" : ""}`,
      { hint: `\`ccw coordinator status ${id}\` shows which steps have checkpoints.` },
    );
  }
  return oid;
}

/** Each step's change as a pair of commits (a step whose after is missing ends at the next before). */
export function stepRanges(state: SessionState): { step: number; from: string; to: string }[] {
  const ranges: { step: number; from: string; to: string }[] = [];
  state.command_chain.forEach((step, position) => {
    const from = step.checkpoint?.before;
    const to =
      step.checkpoint?.after ??
      state.command_chain.slice(position + 1).find((later) => later.checkpoint?.before)?.checkpoint
        ?.before;
    if (from !== undefined && to !== undefined) ranges.push({ step: position + 1, from, to });
  });
  return ranges;
}

/** What the session last left in the working tree: the newest step after, or restore. */
export function lastLeft(state: SessionState): string | undefined {
  let best: { at: string; oid: string } | undefined;
  for (const step of state.command_chain) {
    const { after, after_at: at } = step.checkpoint ?? {};
    if (after !== undefined && at !== undefined && (!best || at >= best.at))
      best = { at, oid: after };
  }
  const restore = state.restores?.at(-1);
  if (restore && (!best || restore.at >= best.at)) best = { at: restore.at, oid: restore.wrote };
  return best?.oid;
}

/** Works out a restore; takes the snapshot of the present with the session's index. */
export async function planRestore(
  repo: CheckpointRepo,
  state: SessionState,
  target: RestoreTarget,
  indexFile: string,
): Promise<RestorePlan> {
  const targetOid = targetCommit(state, target);
  if (!(await hasCommit(repo, targetOid))) {
    throw new NotFoundError(
      `checkpoint ${targetOid.slice(0, 12)} of ${state.session_id} is no longer in the repository`,
      { hint: "Its refs were deleted and git gc removed it; it cannot be restored." },
    );
  }
  const paths = new Set<string>();
  for (const range of stepRanges(state)) {
    for (const change of await treeChanges(repo, range.from, range.to)) paths.add(change.path);
  }
  for (const record of state.restores ?? []) for (const file of record.paths) paths.add(file);

  const present = await takeSnapshot(
    repo,
    indexFile,
    `ccw checkpoint: ${state.session_id} before restore ${(state.restores?.length ?? 0) + 1}`,
  );
  const left = lastLeft(state);
  const edited =
    left === undefined
      ? []
      : (await treeChanges(repo, left, present))
          .map((change) => change.path)
          .filter((file) => paths.has(file));
  const actions = (await treeChanges(repo, present, targetOid))
    .filter((change) => paths.has(change.path))
    .map(actionOf);
  return {
    target,
    targetOid,
    present,
    sessionPaths: [...paths].sort(),
    actions,
    edited: edited.sort(),
  };
}

function actionOf(change: TreeChange): RestoreAction {
  if (change.to === null) return { path: change.path, action: "delete" };
  // A submodule's commit is not a file ccw can write.
  if (change.to.mode === "160000") return { path: change.path, action: "skip" };
  return { path: change.path, action: "write", mode: change.to.mode, oid: change.to.oid };
}

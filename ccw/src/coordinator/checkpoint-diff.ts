/** `ccw coordinator diff`: what one step, or the whole session, changed in the working tree. */
import path from "node:path";
import { GitCommandError } from "../checkpoints/git-exec.js";
import { type CheckpointRepo, locateRepo } from "../checkpoints/repository.js";
import { hasCommit } from "../checkpoints/snapshot.js";
import { fileStats, renderedDiff, totalStat, treeChanges } from "../checkpoints/tree-diff.js";
import { NotFoundError, OperationFailedError } from "../errors.js";
import type { SessionState } from "../session/state-schema.js";
import type { CoordinatorEnvironment } from "./environment.js";

export interface DiffOptions {
  /** 1-based step; without it, the whole session (first before to last after). */
  readonly step?: number;
  readonly format: "patch" | "stat" | "name-only" | "json";
}

/** The two checkpoints a diff compares. */
export function diffRange(
  state: SessionState,
  step: number | undefined,
): { from: string; to: string } {
  const id = state.session_id;
  if (step !== undefined) {
    const record = state.command_chain[step - 1];
    if (!record) {
      throw new NotFoundError(
        `session ${id} has no step ${step} (it has ${state.command_chain.length})`,
      );
    }
    const { before, after, warnings } = record.checkpoint ?? {};
    if (before === undefined || after === undefined) {
      const side = before === undefined ? "before" : "after";
      const why =
        warnings?.findLast((warning) => warning.startsWith(side)) ??
        (record.attempts === 0 ? "it has not run" : "its checkpoints were not taken");
      throw new NotFoundError(
        `step ${step} (${record.command}) of ${id} has no ${side} checkpoint: ${why}`,
      );
    }
    return { from: before, to: after };
  }
  const from = state.command_chain.find((candidate) => candidate.checkpoint?.before)?.checkpoint
    ?.before;
  let to: { at: string; oid: string } | undefined;
  for (const candidate of state.command_chain) {
    const { after, after_at: at } = candidate.checkpoint ?? {};
    if (after !== undefined && at !== undefined && (!to || at >= to.at)) to = { at, oid: after };
  }
  if (from === undefined || to === undefined) {
    throw new NotFoundError(`session ${id} has no checkpoints`, {
      hint: "Checkpoints are taken when steps run; `ccw coordinator status` shows the steps.",
    });
  }
  return { from, to: to.oid };
}

/** Finds the session's checkpoint repository, or explains that there is none. */
export async function checkpointRepoOf(
  env: CoordinatorEnvironment,
  id: string,
): Promise<CheckpointRepo> {
  try {
    const repo = await locateRepo({
      workspace: env.workspace,
      sessionDir: env.store.files(id).dir,
      env: env.ctx.env,
      create: false,
    });
    if (!repo) {
      throw new NotFoundError(`session ${id} has no checkpoints`, {
        hint: "The workspace is not a git repository and the session has no checkpoints.git folder (it ran before ccw took checkpoints).",
      });
    }
    return repo;
  } catch (error) {
    throw asUserError(error);
  }
}

/** A git failure as an error the CLI reports (exit 1), anything else unchanged. */
export function asUserError(error: unknown): unknown {
  if (error instanceof GitCommandError) {
    return new OperationFailedError(error.message, {
      hint: "Checkpoints need git (2.31 or newer) on PATH.",
    });
  }
  return error;
}

/** `ccw coordinator diff <id>|--last [--step <n>] [--stat|--name-only|--json]`. */
export async function diff(
  env: CoordinatorEnvironment,
  target: { id?: string; last: boolean },
  options: DiffOptions,
): Promise<void> {
  const { ctx, store } = env;
  const id = await store.resolveId(target.id, target.last);
  const state = await store.load(id);
  const range = diffRange(state, options.step);
  const repo = await checkpointRepoOf(env, id);
  try {
    for (const oid of [range.from, range.to]) {
      if (!(await hasCommit(repo, oid))) {
        throw new NotFoundError(
          `checkpoint ${oid.slice(0, 12)} of ${id} is no longer in the repository`,
          { hint: "Its refs were deleted (by prune?) and git gc removed it." },
        );
      }
    }
    if (options.format === "json") {
      const [changes, stats] = await Promise.all([
        treeChanges(repo, range.from, range.to),
        fileStats(repo, range.from, range.to),
      ]);
      const shown = (file: string) =>
        path.relative(env.workspace, path.join(repo.topLevel, file)).split(path.sep).join("/");
      const files = changes.map((change) => {
        const stat = stats.find((candidate) => candidate.path === change.path);
        return {
          path: shown(change.path),
          status: change.from === null ? "added" : change.to === null ? "deleted" : "modified",
          added: stat?.added ?? null,
          removed: stat?.removed ?? null,
        };
      });
      const json = {
        session_id: id,
        step: options.step ?? null,
        from: range.from,
        to: range.to,
        stat: totalStat(stats),
        files,
      };
      ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      return;
    }
    const output = await renderedDiff(repo, range.from, range.to, {
      format: options.format,
      color: ctx.outStyle.enabled && ctx.stdout.isTTY === true,
    });
    ctx.stdout.write(output);
    if (output.length === 0) {
      ctx.stderr.write(
        `${options.step === undefined ? `session ${id}` : `step ${options.step}`} changed nothing in the working tree.\n`,
      );
    }
  } catch (error) {
    throw asUserError(error);
  }
}

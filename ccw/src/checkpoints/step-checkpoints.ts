/**
 * The checkpoints a run takes around each step attempt: `before` once per step (its first
 * attempt, so a retried step's change spans all its attempts), `after` at the end of every
 * attempt, whatever its outcome. A checkpoint that fails is a warning on the step, never a
 * failed step.
 */
import type { SessionState, StepCheckpoint } from "../session/state-schema.js";
import { type CheckpointRepo, checkpointIndexFile, locateRepo } from "./repository.js";
import { setRefs, stepRef, takeSnapshot } from "./snapshot.js";
import { fileStats, totalStat } from "./tree-diff.js";

/** What the executor calls around a step attempt; each returns the state with the step's record. */
export interface StepCheckpoints {
  before(state: SessionState, index: number): Promise<SessionState>;
  after(state: SessionState, index: number): Promise<SessionState>;
}

/** How recent a step's after must be to serve as the next step's before. */
const REUSE_MS = 2000;

/** A step keeps this many checkpoint warnings (the newest). */
const MAX_WARNINGS = 5;

/** Checkpoints of the sessions in `workspace`, taken with git found on `env`'s PATH. */
export function createStepCheckpoints(options: {
  workspace: string;
  sessionDir: (id: string) => string;
  env: Readonly<Record<string, string | undefined>>;
  now: () => Date;
}): StepCheckpoints {
  const repoOf = repoCache(options);
  // The after of the step this run finished last: the next step's before, taken moments later
  // by the same process with nothing of ccw's in between, is the same tree, so it is reused.
  // Its ref is written with the step's after (that commit is on the previous after's ref
  // meanwhile, so nothing can collect it).
  // Not after a pause (a question on the terminal): the user may have edited files meanwhile.
  let lastAfter: { id: string; oid: string; at: number } | undefined;

  const take = async (
    state: SessionState,
    index: number,
    side: "before" | "after",
    before?: string,
  ) => {
    const id = state.session_id;
    const repo = await repoOf(id);
    if (!repo) throw new Error("no repository for checkpoints");
    const step = index + 1;
    const fresh = lastAfter !== undefined && options.now().getTime() - lastAfter.at < REUSE_MS;
    const reused = side === "before" && fresh && lastAfter?.id === id ? lastAfter.oid : undefined;
    lastAfter = undefined;
    if (reused !== undefined) return { oid: reused, stat: undefined };
    const oid = await takeSnapshot(
      repo,
      checkpointIndexFile(options.sessionDir(id)),
      `ccw checkpoint: ${id} step ${step} ${side}`,
    );
    const refs: [string, string][] = [[stepRef(id, step, side), oid]];
    if (before !== undefined) refs.push([stepRef(id, step, "before"), before]);
    // The refs and the stat are independent: two git processes at once.
    const [, stats] = await Promise.all([
      setRefs(repo, refs),
      before === undefined ? undefined : fileStats(repo, before, oid),
    ]);
    if (side === "after") lastAfter = { id, oid, at: options.now().getTime() };
    return { oid, stat: stats && totalStat(stats) };
  };

  return {
    before: (state, index) =>
      withCheckpoint(state, index, "before", async (current) => {
        if (current.before !== undefined) return current;
        const { oid } = await take(state, index, "before");
        return { ...current, before: oid };
      }),
    after: (state, index) =>
      withCheckpoint(state, index, "after", async (current) => {
        const { oid, stat } = await take(state, index, "after", current.before);
        const at = options.now().toISOString();
        return { ...current, after: oid, after_at: at, ...(stat ? { stat } : {}) };
      }),
  };
}

/** Finds (and outside git creates) each session's repository once per run; a failure is retried. */
function repoCache(options: {
  workspace: string;
  sessionDir: (id: string) => string;
  env: Readonly<Record<string, string | undefined>>;
}): (id: string) => Promise<CheckpointRepo | undefined> {
  const repos = new Map<string, Promise<CheckpointRepo | undefined>>();
  return (id: string) => {
    let found = repos.get(id);
    if (!found) {
      found = locateRepo({
        workspace: options.workspace,
        sessionDir: options.sessionDir(id),
        env: options.env,
        create: true,
      });
      repos.set(id, found);
      // A failure is reported by this checkpoint; the next one tries again.
      found.catch(() => repos.delete(id));
    }
    return found;
  };
}

/**
 * The state with step `index`'s checkpoint record changed by `change`; when it throws, the
 * record keeps what it had plus a warning (the newest MAX_WARNINGS).
 */
async function withCheckpoint(
  state: SessionState,
  index: number,
  side: "before" | "after",
  change: (current: StepCheckpoint) => Promise<StepCheckpoint>,
): Promise<SessionState> {
  const current = state.command_chain[index]?.checkpoint ?? {};
  let next: StepCheckpoint;
  try {
    next = await change(current);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const warnings = [...(current.warnings ?? []), `${side} checkpoint failed: ${reason}`];
    next = { ...current, warnings: warnings.slice(-MAX_WARNINGS) };
  }
  return {
    ...state,
    command_chain: state.command_chain.map((candidate) =>
      candidate.index === index ? { ...candidate, checkpoint: next } : candidate,
    ),
  };
}

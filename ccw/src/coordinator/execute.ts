/**
 * Runs a session (shared/specs/coordinator.md §5): takes the lock, reads and recovers the
 * session under it, then runs each step that is neither completed nor skipped through the shared
 * Codex runner, persisting every transition before acting on it. Retries, the Retry / Skip unit /
 * Abort decision, Ctrl-C and resume all go through here. The parts of the loop: run-start.ts
 * (recover), run-step.ts (run the next step and record it), step-decision.ts (decide).
 */
import { startRun } from "./run-start.js";
import { runStep } from "./run-step.js";
import { acquireSessionLock, systemLockEnvironment } from "./session-lock.js";
import {
  createSessionRun,
  type RunDependencies,
  type RunResult,
  type SessionRun,
  stopRun,
} from "./session-run.js";
import { decideAfterStep, type FailureCounts } from "./step-decision.js";
import { isComplete, nextStepIndex, recoverOpenAttempts, release } from "./transitions.js";

export type {
  FailureDecision,
  RunDependencies,
  RunObserver,
  RunPrompter,
  RunResult,
} from "./session-run.js";

/** Runs (or continues) session `id` until it completes, fails, is aborted or is interrupted. */
export async function runSession(id: string, deps: RunDependencies): Promise<RunResult> {
  await deps.store.requireFolder(id); // the lock must not create the folder of no session
  const lockDir = deps.store.files(id).lock;
  const lock = await acquireSessionLock(lockDir, deps.lockEnvironment ?? systemLockEnvironment);
  try {
    let start: Awaited<ReturnType<typeof startRun>>;
    try {
      start = await startRun(id, deps, lock);
    } catch (error) {
      // Claimed on disk, then stopped by an error: released as for a failing step below.
      const state = await deps.store.load(id).catch(() => undefined);
      if (state?.status === "running" && state.owner?.pid === lock.owner.pid)
        await releaseAfterError(createSessionRun(id, deps, state, ""), error);
      throw error;
    }
    if ("result" in start) return start.result;
    try {
      return await runSteps(start.run);
    } catch (error) {
      await releaseAfterError(start.run, error);
      throw error;
    }
  } finally {
    await lock.release();
  }
}

/**
 * A run that stops on an error (a file it cannot write: ENOTDIR, ENAMETOOLONG, a session file
 * replaced by a folder) does not leave the session `running` with a dead owner: its open
 * attempt is recorded as interrupted and the session is released as `failed`, with the error
 * in its events, when the disk still takes that write. The error itself goes on to the user.
 */
async function releaseAfterError(run: SessionRun, error: unknown): Promise<void> {
  try {
    const recovered = recoverOpenAttempts(run.state, run.now()).state;
    await run.save(release(recovered, "failed"));
    const message = error instanceof Error ? error.message : String(error);
    await run.event({ kind: "session.failed", detail: `stopped by an error: ${message}` });
  } catch {
    // The disk refuses this write too: the next resume recovers the session from its owner.
  }
}

/** The loop: until no step is left to run, run the next one, then decide what follows. */
export async function runSteps(run: SessionRun): Promise<RunResult> {
  const failures: FailureCounts = new Map();
  for (;;) {
    if (run.deps.signal.aborted) return stopRun(run, "waiting", 130, "interrupted between steps");
    const index = nextStepIndex(run.state);
    if (index === undefined) break;
    const outcome = await runStep(run, index);
    const next = await decideAfterStep(run, index, outcome, failures);
    if (next.kind === "end") return next.result;
  }
  if (!isComplete(run.state)) return stopRun(run, "failed", 1, undefined);
  // Skipped units are not success: exit 6 (the session shows as `partial`).
  const skipped = run.state.command_chain.some((step) => step.status === "skipped");
  return stopRun(run, "completed", skipped ? 6 : 0, skipped ? "with skipped units" : undefined);
}

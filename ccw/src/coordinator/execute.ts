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
import { type RunDependencies, type RunResult, type SessionRun, stopRun } from "./session-run.js";
import { decideAfterStep, type FailureCounts } from "./step-decision.js";
import { isComplete, nextStepIndex } from "./transitions.js";

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
    const start = await startRun(id, deps, lock);
    return "result" in start ? start.result : await runSteps(start.run);
  } finally {
    await lock.release();
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
  // Skipped units are not success: exit 4 (the session shows as `partial`).
  const skipped = run.state.command_chain.some((step) => step.status === "skipped");
  return stopRun(run, "completed", skipped ? 4 : 0, skipped ? "with skipped units" : undefined);
}

/**
 * The start of a run, under the session's lock: the one read of state.json (validated, the
 * interrupted writes of a crash tidied away), the confirmation, and the recovery of what a dead
 * owner left running (coordinator.md, "Resume").
 */
import os from "node:os";
import { stopOrphans } from "./orphan.js";
import type { SessionLock } from "./session-lock.js";
import {
  createSessionRun,
  type RunDependencies,
  type RunResult,
  type SessionRun,
} from "./session-run.js";
import { checkRunnable, claim, recoverOpenAttempts } from "./transitions.js";

/** A run that goes on, or the result of one that has nothing to do. */
export type RunStart = { readonly run: SessionRun } | { readonly result: RunResult };

/**
 * Loads session `id` (its lock held), and either ends at once (completed already, or not
 * confirmed) or recovers it and claims it for this process.
 */
export async function startRun(
  id: string,
  deps: RunDependencies,
  lock: SessionLock,
): Promise<RunStart> {
  const { store } = deps;
  const state = await store.load(id);
  const completed = checkRunnable(state) === 0; // throws for an aborted session
  await store.removeTempFiles(id);
  // A request left by an abort that died before it finished is not for this run.
  await store.clearAbortRequest(id);
  if (completed) {
    await store.repairStatus(state);
    return { result: { state, exitCode: 0, ran: "already-completed" } };
  }
  if (deps.confirm && !(await deps.confirm(state))) {
    return { result: { state, exitCode: 0, ran: "declined" } };
  }
  const codexBin = typeof deps.codexBin === "string" ? deps.codexBin : await deps.codexBin(state);
  const run = createSessionRun(id, deps, state, codexBin);
  await recoverRun(run, lock);
  return { run };
}

/**
 * Stops the processes of attempts a dead owner left open, records those attempts as
 * interrupted, claims the session for this process and says so in the events.
 */
export async function recoverRun(run: SessionRun, lock: SessionLock): Promise<number[]> {
  const open = run.state.execution_results.filter((record) => record.status === "started");
  await stopOrphans(open.flatMap((record) => (record.pid === undefined ? [] : [record.pid])));
  const recovery = recoverOpenAttempts(run.state, run.now());
  await run.save(claim(recovery.state, lock.owner));
  for (const index of recovery.recovered) {
    await run.event({
      kind: "step.interrupted",
      step: index,
      detail: "its process stopped; recovered on resume",
    });
  }
  if (lock.tookOverFrom) {
    await run.event({
      kind: "lock.takeover",
      detail: `from pid ${lock.tookOverFrom.pid} on ${lock.tookOverFrom.host}, which is gone`,
    });
  }
  await run.event({ kind: "session.started", detail: `pid ${lock.owner.pid} on ${os.hostname()}` });
  run.deps.observer?.sessionStarted?.(run.state, {
    recovered: recovery.recovered,
    ...(lock.tookOverFrom ? { tookOverFrom: lock.tookOverFrom.pid } : {}),
  });
  return recovery.recovered;
}

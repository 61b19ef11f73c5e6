/**
 * What a run does after an attempt (coordinator.md, "Failures, retries and decisions"): go on
 * after a completed step; stop, waiting, after an interrupted one; retry a failed step while
 * its retries last; then ask Retry / Skip unit / Abort on a terminal, or fail the session.
 */
import { UsageError } from "../errors.js";
import type { StepOutcome } from "./run-step.js";
import { type FailureDecision, type RunResult, type SessionRun, stopRun } from "./session-run.js";
import { skipUnit } from "./transitions.js";

/** The next thing the run does: go on to the next step, or end with a result. */
export type NextMove =
  | { readonly kind: "go-on" }
  | { readonly kind: "end"; readonly result: RunResult };

const GO_ON: NextMove = { kind: "go-on" };

/** Failed attempts per step in this run (a retry decision starts a step's count again). */
export type FailureCounts = Map<number, number>;

/** Decides, and records, what follows the attempt of step `index` that ended with `outcome`. */
export async function decideAfterStep(
  run: SessionRun,
  index: number,
  outcome: StepOutcome,
  failures: FailureCounts,
): Promise<NextMove> {
  if (outcome.result === "interrupted") return end(stopRun(run, "waiting", 130, "interrupted"));
  if (outcome.result === "completed") return GO_ON;
  const failed = (failures.get(index) ?? 0) + 1;
  failures.set(index, failed);
  const retries = run.state.options.max_retries;
  // A blocked step said why it cannot be done: a fresh attempt would not change that.
  if (outcome.startable && !outcome.blocked && failed <= retries) {
    await run.event({ kind: "step.retry", step: index, detail: `retry ${failed} of ${retries}` });
    run.deps.observer?.retrying?.(run.state, index, failed);
    return GO_ON;
  }
  const step = run.state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  if (!run.deps.prompter) {
    return end(stopRun(run, "failed", 1, `step ${index + 1} ${step.command} failed`));
  }
  return askAfterFailure(run, index, outcome, failures);
}

/**
 * Asks Retry / Skip unit / Abort until an answer can be carried out: a unit that cannot be
 * skipped (partly executed, without allow_partial) is asked about again, with the reason.
 */
async function askAfterFailure(
  run: SessionRun,
  index: number,
  outcome: StepOutcome,
  failures: FailureCounts,
): Promise<NextMove> {
  const { prompter, observer } = run.deps;
  const unit = run.state.command_chain[index]?.unit;
  if (!prompter || unit === undefined) throw new RangeError(`no decision for step ${index}`);
  let refusal: string | undefined;
  for (;;) {
    let decision: FailureDecision;
    try {
      decision = await prompter.onStepFailure({
        state: run.state,
        index,
        record: outcome.record,
        ...(refusal ? { refusal } : {}),
      });
    } catch {
      return end(stopRun(run, "waiting", 130, "interrupted at the failure prompt"));
    }
    refusal = undefined;
    if (decision === "abort") return end(stopRun(run, "aborted", 1, "aborted after a failed step"));
    if (decision === "retry") {
      failures.set(index, 0);
      return GO_ON;
    }
    try {
      await run.save(skipUnit(run.state, unit, run.state.options.allow_partial));
      await run.event({ kind: "unit.skipped", detail: unit });
      observer?.unitSkipped?.(run.state, unit);
      return GO_ON;
    } catch (refused) {
      if (!(refused instanceof UsageError)) throw refused;
      refusal = refused.message;
    }
  }
}

async function end(result: Promise<RunResult>): Promise<NextMove> {
  return { kind: "end", result: await result };
}

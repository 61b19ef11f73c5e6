/**
 * One step of a run: how its attempt starts (its prompt afresh, or the interrupted Codex thread
 * continued), the attempt itself with every fact saved as it arrives, and the outcome recorded
 * in state.json and the events.
 */
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import { isThreadId } from "../tools/codex/codex-argv.js";
import type { CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { type PlannablePrompt, promptFileProblems } from "./plan.js";
import type { SessionRun } from "./session-run.js";
import {
  type AttemptMode,
  argsOf,
  attemptFacts,
  prepareAttempt,
  reportedStop,
  runAttempt,
} from "./step-attempt.js";
import { beginAttempt, finishAttempt, lastAttempt, noteAttempt } from "./transitions.js";
import { interruptedRepair } from "./verified-state.js";
import { type VerifiedStep, verifyAttempt } from "./verified-step.js";

/** The recorded result of one attempt. */
export type StepResult = "completed" | "failed" | "interrupted" | "timed_out";

/** What an attempt ended with, for the decision that follows it. */
export interface StepOutcome {
  readonly result: StepResult;
  readonly record: AttemptRecord | undefined;
  /** False when the step could not start (its prompt is gone or no longer expands). */
  readonly startable: boolean;
  /** The step wrote its "when blocked" file: it said why it cannot be done. */
  readonly blocked?: boolean;
}

/**
 * How step `index` starts: it continues the Codex thread of an interrupted attempt (with the
 * instructions it was on: its repair turn's, when it was in one), unless told to start fresh.
 * A recorded thread id Codex could not take (garbled, or of a format newer than ccw's check)
 * starts the step afresh instead of stopping every resume at the argv check.
 */
export function attemptModeOf(state: SessionState, index: number, fresh: boolean): AttemptMode {
  const previous = lastAttempt(state, index);
  const repair = interruptedRepair(previous);
  return !fresh &&
    previous?.status === "interrupted" &&
    previous.codex_thread_id !== undefined &&
    isThreadId(previous.codex_thread_id)
    ? {
        kind: "resume",
        threadId: previous.codex_thread_id,
        ...(repair === undefined ? {} : { promptFile: repair.prompt_path }),
      }
    : { kind: "fresh" };
}

/** The recorded result of a Codex run that ended with `outcome`. */
export function resultOf(outcome: CodexRunOutcome): StepResult {
  switch (outcome.status) {
    case "completed":
      return "completed";
    case "timed_out":
      return "timed_out";
    case "aborted":
      return "interrupted";
    case "failed":
    case "not_started":
      return "failed";
  }
}

/** Runs one attempt of step `index` and records how it ended. */
export async function runStep(run: SessionRun, index: number): Promise<StepOutcome> {
  const mode = attemptModeOf(run.state, index, run.deps.fresh === true);
  const previous = lastAttempt(run.state, index);
  const prepared = await prepareStep(run, index, mode);
  const begun = beginAttempt(run.state, index, run.now());
  // In memory only: the attempt record is written once Codex has a pid (the first note), in
  // the same write: "started, with pid". A step that cannot start is saved with its outcome.
  run.state = prepared.ok ? withArgs(begun, index, prepared.bindings) : begun;
  await run.event({
    kind: "step.started",
    step: index,
    detail: `attempt ${run.state.command_chain[index]?.attempts}${mode.kind === "resume" ? `, continuing Codex thread ${mode.threadId}` : ""}`,
  });
  run.deps.observer?.stepStarted?.(run.state, index, mode);
  const ran = prepared.ok ? await runCodex(run, index, mode, prepared) : undefined;
  // Verified steps: the contract check, --verify and repair turns (verified-step.ts).
  const attempt = {
    state: run.state,
    index,
    outcome: ran,
    prompt: prepared.prompt,
    mode,
    previous,
  };
  const verified = await verifyAttempt({ ...run.deps, codexBin: run.codexBin }, attempt, run.now);
  if (verified) run.state = verified.state;
  // After the repair turns and --verify commands too: they are part of the step's change.
  if (prepared.ok) run.state = await checkpoint(run, "after", index);
  const outcome = verified?.outcome ?? ran;
  const recorded = await recordOutcome(
    run,
    index,
    outcome,
    prepared.ok ? undefined : prepared.error,
    verified,
  );
  return { ...recorded, startable: prepared.ok, blocked: verified?.facts.blocked !== undefined };
}

/** The text of the attempt, or why it cannot start (and the prompt, when it was looked up). */
async function prepareStep(
  run: SessionRun,
  index: number,
  mode: AttemptMode,
): Promise<Awaited<ReturnType<typeof prepareAttempt>> & { prompt?: PlannablePrompt }> {
  const step = run.state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const { prompts } = run.deps;
  const prompt = mode.kind === "fresh" ? await prompts.get(step.command) : undefined;
  const unusable =
    mode.kind === "fresh" && !prompt ? await promptFileProblems(prompts, step.command) : [];
  const prepared = await prepareAttempt(run.state, index, mode, prompt, unusable);
  return prompt === undefined ? prepared : { ...prepared, prompt };
}

/** `state` with the args of step `index` as its prompt gets them now. */
function withArgs(
  state: SessionState,
  index: number,
  bindings: Readonly<Record<string, string>>,
): SessionState {
  return {
    ...state,
    command_chain: state.command_chain.map((step) =>
      step.index === index ? { ...step, args: argsOf(step.args, bindings) } : step,
    ),
  };
}

/** Runs Codex for the attempt; the pid and the thread id are saved, in order, as they come. */
async function runCodex(
  run: SessionRun,
  index: number,
  mode: AttemptMode,
  prompt: { readonly text: string; readonly file?: string | undefined },
): Promise<CodexRunOutcome> {
  const { deps } = run;
  let writes = Promise.resolve();
  let writeError: unknown;
  const note = (facts: Pick<Partial<AttemptRecord>, "pid" | "codex_thread_id">) => {
    writes = writes.then(async () => {
      try {
        await run.save(noteAttempt(run.state, index, facts));
      } catch (failure) {
        writeError ??= failure;
      }
    });
  };
  run.state = await checkpoint(run, "before", index);
  const outcome = await runAttempt({
    state: run.state,
    index,
    mode,
    text: prompt.text,
    ...(prompt.file === undefined ? {} : { textFile: prompt.file }),
    bin: run.codexBin,
    env: deps.env,
    signal: deps.signal,
    run: deps.run,
    onSpawn: (pid) => note({ pid }),
    onThreadStarted: (threadId) => {
      note({ codex_thread_id: threadId });
      void writes.then(() => run.event({ kind: "step.thread", step: index, detail: threadId }));
    },
    onEvent: (event) => deps.observer?.codexEvent?.(run.state, index, event),
  });
  await writes;
  if (writeError !== undefined) throw writeError;
  return outcome;
}

/** The state with step `index`'s checkpoint (docs/coordinator.md, "Checkpoints"), if taken. */
function checkpoint(run: SessionRun, side: "before" | "after", index: number) {
  const { checkpoints } = run.deps;
  return checkpoints ? checkpoints[side](run.state, index) : Promise.resolve(run.state);
}

/** Saves how the attempt ended (a final message that reports a stop fails it). */
async function recordOutcome(
  run: SessionRun,
  index: number,
  outcome: CodexRunOutcome | undefined,
  error: string | undefined,
  verified: VerifiedStep | undefined,
): Promise<Omit<StepOutcome, "startable" | "blocked">> {
  const stopped =
    verified?.error ??
    (outcome?.status === "completed" ? reportedStop(outcome.lastMessage) : undefined);
  const result = stopped ? "failed" : outcome ? resultOf(outcome) : "failed";
  const facts = outcome
    ? {
        ...(await attemptFacts(run.state, index, outcome, run.now())),
        ...(stopped ? { error: stopped } : {}),
        ...verified?.facts,
      }
    : { finished_at: run.now(), artifacts: [], error: error ?? "the step could not start" };
  await run.save(finishAttempt(run.state, index, result, facts));
  const record = lastAttempt(run.state, index);
  await run.event({
    kind: `step.${result}`,
    step: index,
    ...(record?.error === undefined ? {} : { detail: record.error }),
  });
  run.deps.observer?.stepFinished?.(run.state, index, record);
  return { result, record };
}

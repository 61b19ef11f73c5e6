/**
 * Verified steps (docs/coordinator.md): after Codex completes a step, its declared artifacts
 * are checked against the prompt's contract and, after the last step of a unit, the session's
 * `--verify` commands run. A step that breaks its contract gets repair turns on its own Codex
 * thread, at most `max_repairs` per attempt; every check, verify run and repair turn is saved
 * in state.json before the next action, and gets one line in events.jsonl.
 */
import path from "node:path";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import type { AttemptRecord, CheckRecord, SessionState } from "../session/state-schema.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex/codex-runner.js";
import type { ArtifactContract } from "../tools/registry/prompt-writes.js";
import {
  type ContractOutcome,
  type ContractProblem,
  checkContract,
  formatProblem,
} from "./contract-check.js";
import { loadArtifactShapes, readDeclaredArtifacts } from "./contract-files.js";
import { buildRepairPrompt, type VerifyFailure } from "./repair-prompt.js";
import { sessionDir, stepFiles } from "./session-paths.js";
import type { SessionStore } from "./session-store.js";
import { type AttemptMode, listArtifacts, runAttempt } from "./step-attempt.js";
import {
  addCheck,
  beginRepair,
  interruptedRepair,
  isLastOfUnit,
  maxRepairsOf,
  updateRepair,
} from "./verified-state.js";
import { describeVerifyFailure, runVerifyCommand, verifyPassed } from "./verify-command.js";

/** What a verified step comes to. */
export interface VerifiedStep {
  readonly state: SessionState;
  /** The last Codex turn's outcome (a repair turn's, when there was one). */
  readonly outcome: CodexRunOutcome;
  /** Why the step failed its contract, when it did (the attempt fails with it). */
  readonly error?: string;
  /** Facts for the attempt record: a step that wrote its "when blocked" file, and why. */
  readonly facts: Pick<AttemptRecord, "blocked">;
}

/** What verifying needs from the run (runSession's dependencies fit). */
export interface VerifyDependencies {
  readonly store: SessionStore;
  readonly prompts: {
    get(name: string): Promise<{ readonly contract?: ArtifactContract } | undefined>;
  };
  readonly run: (options: CodexRunOptions) => Promise<CodexRunOutcome>;
  readonly codexBin: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signal: AbortSignal;
  readonly observer?: {
    repairing?(state: SessionState, index: number, turn: number, of: number): void;
    codexEvent?(state: SessionState, index: number, event: CodexEvent): void;
  };
}

/**
 * runSession's one call: verifies step `index` after an attempt whose Codex turn completed
 * (undefined for any other outcome). An attempt that continues an interrupted repair turn
 * keeps counting from it.
 */
export async function verifyAttempt(
  deps: VerifyDependencies,
  attempt: {
    state: SessionState;
    index: number;
    outcome: CodexRunOutcome | undefined;
    prompt: { readonly contract?: ArtifactContract } | undefined;
    mode: AttemptMode;
    previous: AttemptRecord | undefined;
  },
  now: () => string,
): Promise<VerifiedStep | undefined> {
  const { state, index, outcome, mode } = attempt;
  if (outcome?.status !== "completed") return undefined;
  const command = state.command_chain[index]?.command ?? "";
  // A blocked step said why it cannot be done: runSession does not retry it afresh.
  const contract = (attempt.prompt ?? (await deps.prompts.get(command)))?.contract;
  return verifyStep({
    deps,
    state,
    index,
    outcome,
    contract,
    spentRepairs: mode.kind === "resume" ? (interruptedRepair(attempt.previous)?.turn ?? 0) : 0,
    now,
  });
}

interface StepContext {
  readonly deps: VerifyDependencies;
  readonly index: number;
  readonly contract: ArtifactContract | undefined;
  readonly files: ReturnType<typeof stepFiles>;
  readonly maxRepairs: number;
  /** The `--verify` commands to run after this step (only after the last step of a unit). */
  readonly commands: readonly string[];
  readonly now: () => string;
}

/** Checks step `index` after Codex completed it, with repair turns as needed. */
export async function verifyStep(options: {
  deps: VerifyDependencies;
  state: SessionState;
  index: number;
  outcome: CodexRunOutcome;
  contract: ArtifactContract | undefined;
  /** Repair turns this attempt already took (an attempt continued after a crash). */
  spentRepairs: number;
  now: () => string;
}): Promise<VerifiedStep> {
  const { index } = options;
  let { state, outcome } = options;
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const ctx: StepContext = {
    deps: options.deps,
    index,
    contract: options.contract,
    files: stepFiles(sessionDir(state.workspace, state.session_id), index, step.command),
    maxRepairs: maxRepairsOf(state),
    commands: isLastOfUnit(state, index) ? (state.options.verify ?? []) : [],
    now: options.now,
  };
  // Nothing declared and nothing to run: no check, no write.
  if (!ctx.contract && ctx.commands.length === 0) return { state, outcome, facts: {} };
  let spent = options.spentRepairs;
  let threadId = outcome.threadId ?? openThread(state, index);
  for (let turn = spent; ; turn++) {
    const checked = await checkTurn(ctx, state, turn);
    state = checked.state;
    if (checked.blocked) {
      const { file, reason } = checked.blocked;
      return {
        state,
        outcome,
        error: `blocked: ${reason} (${file})`,
        facts: { blocked: { file, reason } },
      };
    }
    if (checked.aborted) return { state, outcome: aborted(outcome, "during --verify"), facts: {} };
    if (checked.problems.length === 0 && checked.verifyFailures.length === 0) {
      return { state, outcome, facts: {} };
    }
    const stop = repairRefusal(ctx, spent, threadId, options.deps.signal);
    const summary = failureSummary(checked.problems, checked.verifyFailures);
    if (stop === "aborted")
      return { state, outcome: aborted(outcome, "before a repair turn"), facts: {} };
    if (stop !== undefined || threadId === undefined) {
      return {
        state,
        outcome,
        error: `the step broke its contract ${stop}: ${summary}`,
        facts: {},
      };
    }
    spent += 1;
    const repaired = await repairTurn(ctx, state, { ...checked, spent, threadId, summary });
    state = repaired.state;
    outcome = { ...repaired.outcome, threadId: repaired.outcome.threadId ?? threadId };
    threadId = outcome.threadId;
    if (repaired.outcome.status === "aborted") return { state, outcome, facts: {} };
    if (repaired.outcome.status !== "completed") {
      return {
        state,
        outcome,
        error: `repair turn ${spent} ${repaired.status}: ${repaired.outcome.error}`,
        facts: {},
      };
    }
  }
}

/** Why no repair turn may start now (`after 1 repair turn`, …), or undefined when one may. */
function repairRefusal(
  ctx: StepContext,
  spent: number,
  threadId: string | undefined,
  signal: AbortSignal,
): string | undefined {
  if (spent >= ctx.maxRepairs) {
    return ctx.maxRepairs === 0
      ? "(repairs are off: --max-repairs 0)"
      : `after ${spent} repair turn${spent === 1 ? "" : "s"}`;
  }
  if (threadId === undefined) return "(no Codex thread to repair on)";
  return signal.aborted ? "aborted" : undefined;
}

function aborted(outcome: CodexRunOutcome, when: string): CodexRunOutcome {
  return { ...outcome, status: "aborted", error: `interrupted ${when}` };
}

/** One round of checks after turn `turn`: the contract, then (when it passed) --verify. */
async function checkTurn(
  ctx: StepContext,
  initial: SessionState,
  turn: number,
): Promise<{
  state: SessionState;
  blocked?: { file: string; reason: string };
  aborted?: boolean;
  problems: readonly ContractProblem[];
  verifyFailures: readonly VerifyFailure[];
}> {
  const { deps, index } = ctx;
  const id = initial.session_id;
  const checked = await checkArtifacts(ctx.files.artifacts, ctx.contract);
  const recorded = addCheck(initial, index, contractRecord(checked, turn, ctx.now()));
  // A check that ends the step (passed with nothing left to run, or blocked) is saved with the
  // attempt's outcome, in runSession's next write; one a repair or a verify run follows is
  // saved first. After a crash in between, the resumed attempt checks again.
  const ends =
    checked.outcome === "blocked" || (checked.outcome === "passed" && ctx.commands.length === 0);
  let state = ends ? recorded : await deps.store.save(recorded);
  await deps.store.appendEvent(id, {
    kind: "step.contract",
    step: index,
    detail: contractDetail(checked),
  });
  if (checked.outcome === "blocked") {
    return {
      state,
      blocked: { file: checked.file, reason: checked.reason },
      problems: [],
      verifyFailures: [],
    };
  }
  if (checked.outcome === "failed")
    return { state, problems: checked.problems, verifyFailures: [] };
  const verifyFailures: VerifyFailure[] = [];
  for (const [n, command] of ctx.commands.entries()) {
    const logPath = path.join(ctx.files.dir, `verify-${turn}-${n + 1}.log`);
    const result = await runVerifyCommand({
      command,
      cwd: state.workspace,
      env: deps.env,
      timeoutMs: state.options.timeout_ms,
      signal: deps.signal,
      logPath,
    });
    const passed = verifyPassed(result);
    const failure = describeVerifyFailure(result);
    state = await deps.store.save(
      addCheck(state, index, {
        kind: "verify",
        turn,
        at: ctx.now(),
        outcome: passed ? "passed" : "failed",
        checked: [command],
        problems: passed ? [] : [{ file: "", path: "", expected: "exit code 0", found: failure }],
        exit_code: result.exitCode,
        signal: result.signal,
        timed_out: result.timedOut,
        duration_ms: Math.max(0, Math.round(result.durationMs)),
        output_tail: result.outputTail,
        log_path: logPath,
      }),
    );
    const detail = `${passed ? "passed" : `failed (${failure})`}: ${command}`;
    await deps.store.appendEvent(id, { kind: "step.verify", step: index, detail });
    if (result.aborted) return { state, aborted: true, problems: [], verifyFailures };
    if (!passed) verifyFailures.push({ command, failure, outputTail: result.outputTail });
  }
  return { state, problems: [], verifyFailures };
}

/** One repair turn: its prompt written, recorded as started, run on the thread, recorded. */
async function repairTurn(
  ctx: StepContext,
  initial: SessionState,
  input: {
    problems: readonly ContractProblem[];
    verifyFailures: readonly VerifyFailure[];
    spent: number;
    threadId: string;
    summary: string;
  },
): Promise<{ state: SessionState; outcome: CodexRunOutcome; status: string }> {
  const { deps, index, files } = ctx;
  const { spent, threadId } = input;
  const promptPath = path.join(files.dir, `repair-${spent}.md`);
  const text = buildRepairPrompt({
    artifactsDir: files.artifacts,
    contract: ctx.contract,
    problems: input.problems,
    verifyFailures: input.verifyFailures,
    turn: spent,
    of: ctx.maxRepairs,
  });
  await writeFileAtomically(promptPath, text, { durable: false });
  let state = await deps.store.save(
    beginRepair(initial, index, {
      turn: spent,
      of: ctx.maxRepairs,
      thread_id: threadId,
      started_at: ctx.now(),
      status: "started",
      prompt_path: promptPath,
    }),
  );
  await deps.store.appendEvent(state.session_id, {
    kind: "step.repair",
    step: index,
    detail: `repair ${spent} of ${ctx.maxRepairs} on Codex thread ${threadId}: ${input.summary}`,
  });
  deps.observer?.repairing?.(state, index, spent, ctx.maxRepairs);
  // The pid is saved before the turn's outcome, so a resume can stop an orphaned repair.
  let writes = Promise.resolve();
  const outcome = await runAttempt({
    state,
    index,
    mode: { kind: "resume", threadId },
    text,
    textFile: promptPath,
    bin: deps.codexBin,
    env: deps.env,
    signal: deps.signal,
    run: deps.run,
    logs: {
      events: path.join(files.dir, `repair-${spent}.jsonl`),
      stderr: path.join(files.dir, `repair-${spent}.stderr.log`),
    },
    onSpawn: (pid) => {
      writes = writes.then(async () => {
        state = await deps.store.save(updateRepair(state, index, { pid }));
      });
    },
    onThreadStarted: () => {},
    onEvent: (event) => deps.observer?.codexEvent?.(state, index, event),
  });
  await writes;
  const status = repairStatus(outcome);
  state = await deps.store.save(
    updateRepair(state, index, {
      status,
      finished_at: ctx.now(),
      ...(outcome.exitCode === null ? {} : { exit_code: outcome.exitCode }),
      ...(outcome.status === "completed" ? {} : { error: outcome.error }),
    }),
  );
  return { state, outcome, status };
}

function repairStatus(
  outcome: CodexRunOutcome,
): "completed" | "interrupted" | "timed_out" | "failed" {
  switch (outcome.status) {
    case "completed":
      return "completed";
    case "aborted":
      return "interrupted";
    case "timed_out":
      return "timed_out";
    default:
      return "failed";
  }
}

/** The Codex thread recorded on the open attempt of step `index`. */
function openThread(state: SessionState, index: number): string | undefined {
  return state.execution_results.find((r) => r.index === index && r.status === "started")
    ?.codex_thread_id;
}

async function checkArtifacts(
  dir: string,
  contract: ArtifactContract | undefined,
): Promise<ContractOutcome> {
  if (!contract) return { outcome: "passed", checked: [] };
  const listed = contract.artifacts.some((artifact) => artifact.pattern)
    ? await listArtifacts(dir)
    : [];
  const found = await readDeclaredArtifacts(dir, contract, listed);
  const needsShapes = found.some(
    (entry) => entry.artifact.shape !== undefined && entry.files.length > 0,
  );
  return checkContract(found, needsShapes ? await loadArtifactShapes() : {});
}

function contractRecord(checked: ContractOutcome, turn: number, at: string): CheckRecord {
  return {
    kind: "contract",
    turn,
    at,
    outcome: checked.outcome,
    checked: [...checked.checked],
    problems: checked.outcome === "failed" ? checked.problems.map((p) => ({ ...p })) : [],
    ...(checked.outcome === "blocked" ? { reason: checked.reason } : {}),
  };
}

function contractDetail(checked: ContractOutcome): string {
  switch (checked.outcome) {
    case "passed":
      return `passed (${checked.checked.length} file${checked.checked.length === 1 ? "" : "s"})`;
    case "blocked":
      return `blocked: ${checked.reason}`;
    case "failed":
      return `failed: ${failureSummary(checked.problems, [])}`;
  }
}

function failureSummary(
  problems: readonly ContractProblem[],
  verifyFailures: readonly VerifyFailure[],
): string {
  const first = problems[0];
  const parts: string[] = [];
  if (first) {
    const more = problems.length - 1;
    parts.push(
      `${formatProblem(first)}${more > 0 ? ` (and ${more} more problem${more === 1 ? "" : "s"})` : ""}`,
    );
  }
  for (const failure of verifyFailures)
    parts.push(`--verify \`${failure.command}\` ${failure.failure}`);
  return parts.join("; ");
}

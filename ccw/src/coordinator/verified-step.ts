/**
 * Verified steps (docs/coordinator.md): after Codex completes a step, its declared artifacts
 * are checked against the prompt's contract and, after the last step of a unit, the session's
 * `--verify` commands run. A step that breaks its contract gets repair turns on its own Codex
 * thread, at most `max_repairs` per attempt; every check, verify run and repair turn is saved
 * in state.json before the next action, and gets one line in events.jsonl.
 */
import path from "node:path";
import { writeFileAtomically } from "../tools/atomic-file.js";
import type { CodexEvent } from "../tools/codex-events.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex-runner.js";
import type { ArtifactContract } from "../tools/prompt-writes.js";
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
import type { CheckRecord, SessionState } from "./state-schema.js";
import { listArtifacts, runAttempt } from "./step-attempt.js";
import {
  addCheck,
  beginRepair,
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
  /** The step wrote its "when blocked" file, and why. */
  readonly blocked?: { readonly file: string; readonly reason: string };
}

/** Checks step `index` after Codex completed it, with repair turns as needed. */
export async function verifyStep(options: {
  store: SessionStore;
  state: SessionState;
  index: number;
  outcome: CodexRunOutcome;
  contract: ArtifactContract | undefined;
  /** Repair turns this attempt already took (an attempt continued after a crash). */
  spentRepairs: number;
  run: (options: CodexRunOptions) => Promise<CodexRunOutcome>;
  bin: string;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  now: () => string;
  onRepair?: (state: SessionState, index: number, turn: number, of: number) => void;
  onEvent?: (event: CodexEvent) => void;
}): Promise<VerifiedStep> {
  const { store, index, contract } = options;
  let { state, outcome } = options;
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const id = state.session_id;
  const files = stepFiles(sessionDir(state.workspace, state.session_id), index, step.command);
  const maxRepairs = maxRepairsOf(state);
  const commands = isLastOfUnit(state, index) ? (state.options.verify ?? []) : [];
  // Nothing declared and nothing to run: no check, no write.
  if (!contract && commands.length === 0) return { state, outcome };
  let spent = options.spentRepairs;
  let threadId = outcome.threadId ?? openThread(state, index);
  for (let turn = spent; ; turn++) {
    const checked = await checkArtifacts(files.artifacts, contract);
    state = await store.save(addCheck(state, index, contractRecord(checked, turn, options.now())));
    await store.appendEvent(id, {
      kind: "step.contract",
      step: index,
      detail: contractDetail(checked),
    });
    if (checked.outcome === "blocked") {
      return {
        state,
        outcome,
        error: `blocked: ${checked.reason} (${checked.file})`,
        blocked: { file: checked.file, reason: checked.reason },
      };
    }
    const problems = checked.outcome === "failed" ? checked.problems : [];
    const verifyFailures: VerifyFailure[] = [];
    if (problems.length === 0) {
      for (const [n, command] of commands.entries()) {
        const logPath = path.join(files.dir, `verify-${turn}-${n + 1}.log`);
        const result = await runVerifyCommand({
          command,
          cwd: state.workspace,
          env: options.env,
          timeoutMs: state.options.timeout_ms,
          signal: options.signal,
          logPath,
        });
        const passed = verifyPassed(result);
        const failure = describeVerifyFailure(result);
        state = await store.save(
          addCheck(state, index, {
            kind: "verify",
            turn,
            at: options.now(),
            outcome: passed ? "passed" : "failed",
            checked: [command],
            problems: passed
              ? []
              : [{ file: "", path: "", expected: "exit code 0", found: failure }],
            exit_code: result.exitCode,
            signal: result.signal,
            timed_out: result.timedOut,
            duration_ms: Math.max(0, Math.round(result.durationMs)),
            output_tail: result.outputTail,
            log_path: logPath,
          }),
        );
        await store.appendEvent(id, {
          kind: "step.verify",
          step: index,
          detail: `${passed ? "passed" : `failed (${failure})`}: ${command}`,
        });
        if (result.aborted) {
          return {
            state,
            outcome: { ...outcome, status: "aborted", error: "interrupted during --verify" },
          };
        }
        if (!passed) verifyFailures.push({ command, failure, outputTail: result.outputTail });
      }
    }
    if (problems.length === 0 && verifyFailures.length === 0) return { state, outcome };

    const summary = failureSummary(problems, verifyFailures);
    if (spent >= maxRepairs) {
      const after =
        maxRepairs === 0
          ? "(repairs are off: --max-repairs 0)"
          : `after ${spent} repair turn${spent === 1 ? "" : "s"}`;
      return { state, outcome, error: `the step broke its contract ${after}: ${summary}` };
    }
    if (threadId === undefined) {
      return {
        state,
        outcome,
        error: `the step broke its contract (no Codex thread to repair on): ${summary}`,
      };
    }
    if (options.signal.aborted) {
      return {
        state,
        outcome: { ...outcome, status: "aborted", error: "interrupted before a repair turn" },
      };
    }

    spent += 1;
    const promptPath = path.join(files.dir, `repair-${spent}.md`);
    const text = buildRepairPrompt({
      artifactsDir: files.artifacts,
      contract,
      problems,
      verifyFailures,
      turn: spent,
      of: maxRepairs,
    });
    await writeFileAtomically(promptPath, text, { durable: false });
    state = await store.save(
      beginRepair(state, index, {
        turn: spent,
        of: maxRepairs,
        thread_id: threadId,
        started_at: options.now(),
        status: "started",
        prompt_path: promptPath,
      }),
    );
    await store.appendEvent(id, {
      kind: "step.repair",
      step: index,
      detail: `repair ${spent} of ${maxRepairs} on Codex thread ${threadId}: ${summary}`,
    });
    options.onRepair?.(state, index, spent, maxRepairs);
    let writes = Promise.resolve();
    const repaired = await runAttempt({
      state,
      index,
      mode: { kind: "resume", threadId },
      text,
      bin: options.bin,
      env: options.env,
      signal: options.signal,
      run: options.run,
      logs: {
        events: path.join(files.dir, `repair-${spent}.jsonl`),
        stderr: path.join(files.dir, `repair-${spent}.stderr.log`),
      },
      onSpawn: (pid) => {
        writes = writes.then(async () => {
          state = await store.save(updateRepair(state, index, { pid }));
        });
      },
      onThreadStarted: () => {},
      onEvent: (event) => options.onEvent?.(event),
    });
    await writes;
    const status =
      repaired.status === "completed"
        ? "completed"
        : repaired.status === "aborted"
          ? "interrupted"
          : repaired.status === "timed_out"
            ? "timed_out"
            : "failed";
    state = await store.save(
      updateRepair(state, index, {
        status,
        finished_at: options.now(),
        ...(repaired.exitCode === null ? {} : { exit_code: repaired.exitCode }),
        ...(repaired.status === "completed" ? {} : { error: repaired.error }),
      }),
    );
    outcome = { ...repaired, ...(repaired.threadId === undefined ? { threadId } : {}) };
    threadId = outcome.threadId ?? threadId;
    if (repaired.status !== "completed") {
      return repaired.status === "aborted"
        ? { state, outcome }
        : { state, outcome, error: `repair turn ${spent} ${status}: ${repaired.error}` };
    }
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
    parts.push(
      `${formatProblem(first)}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? "" : "s"})` : ""}`,
    );
  }
  for (const failure of verifyFailures)
    parts.push(`--verify \`${failure.command}\` ${failure.failure}`);
  return parts.join("; ");
}

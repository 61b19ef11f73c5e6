/**
 * One attempt of one step: the text Codex gets (the expanded prompt, or a short "continue"
 * prompt for a thread that was interrupted), the Codex run through the shared runner, and the
 * files the attempt leaves in its step folder.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import type { AttemptRecord, SessionState } from "../session/state-schema.js";
import type { CodexExecRequest } from "../tools/codex/codex-argv.js";
import type { CodexEvent } from "../tools/codex/codex-events.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { DEFAULT_STALL_MS } from "../tools/codex/run-limits.js";
import { BINDING_NAMES, expandForStep, type PlannablePrompt, stepBindings } from "./plan.js";
import { sessionDir, sessionFiles, stepFiles } from "./session-paths.js";

/** How an attempt starts: from the expanded prompt, or by continuing an interrupted thread. */
export type AttemptMode =
  | { kind: "fresh" }
  /** `promptFile`: the instructions the thread was working on (a repair turn's, else prompt.md). */
  | { kind: "resume"; threadId: string; promptFile?: string };

/** The text that continues an interrupted Codex thread (resume rule 5). */
export function continuePrompt(promptFile: string): string {
  return [
    "Your previous run of this step was interrupted before it finished.",
    "Continue where you stopped and complete the step as originally instructed:",
    "finish the remaining work, make sure every file the instructions name is written,",
    "and end with the final message they ask for.",
    `The original instructions are in ${promptFile}.`,
    "",
  ].join("\n");
}

/**
 * The bindings step `index` gets now: as planned, except that "previous" means the last step
 * before it that completed (a skipped unit passes nothing on; with none, the session's input).
 */
export function currentBindings(state: SessionState, index: number): Record<string, string> {
  const dir = sessionDirOf(state);
  const commands = state.command_chain.map((step) => step.command);
  const bindings: Record<string, string> = stepBindings(
    dir,
    state.analysis.goal,
    state.options.depth,
    commands,
    index,
  );
  const previous = state.command_chain
    .slice(0, index)
    .findLast((step) => step.status === "completed");
  const from = previous ? stepFiles(dir, previous.index, previous.command) : undefined;
  bindings.PREV_ARTIFACT_DIR = from ? from.artifacts : sessionFiles(dir).input;
  bindings.PREV_OUTPUT = from ? from.lastMessage : sessionFiles(dir).intent;
  return bindings;
}

function sessionDirOf(state: SessionState): string {
  return sessionDir(state.workspace, state.session_id);
}

/** The step's args as the state records them: the bindings its prompt uses. */
export function argsOf(
  planned: Readonly<Record<string, string>>,
  bindings: Readonly<Record<string, string>>,
): Record<string, string> {
  const args: Record<string, string> = {};
  for (const name of Object.keys(planned)) {
    args[name] = (BINDING_NAMES as readonly string[]).includes(name)
      ? (bindings[name] ?? "")
      : (planned[name] ?? "");
  }
  return args;
}

/**
 * Prepares the text of an attempt (and the file that holds it, for a fresh one: prompt.md); a
 * prompt that no longer expands is an error message.
 */
export async function prepareAttempt(
  state: SessionState,
  index: number,
  mode: AttemptMode,
  prompt: PlannablePrompt | undefined,
  /** When there is no prompt: the problems of the files of that name that cannot be loaded. */
  unusable: readonly string[] = [],
): Promise<
  | { ok: true; text: string; file?: string; bindings: Record<string, string> }
  | { ok: false; error: string }
> {
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const files = stepFiles(sessionDirOf(state), index, step.command);
  const bindings = currentBindings(state, index);
  await ensureFolder(files.artifacts);
  if (mode.kind === "resume")
    return { ok: true, text: continuePrompt(mode.promptFile ?? files.prompt), bindings };
  if (!prompt) {
    return {
      ok: false,
      error:
        unusable.length > 0
          ? `prompt ${step.command} cannot be used: ${unusable.join("; ")}`
          : `prompt ${step.command} is no longer installed (ccw workflow install)`,
    };
  }
  const expanded = expandForStep(prompt, bindings);
  if (!expanded.ok) return { ok: false, error: `${prompt.path}: ${expanded.error}` };
  await writeFileAtomically(files.prompt, expanded.text, { durable: false });
  return { ok: true, text: expanded.text, file: files.prompt, bindings };
}

/** Runs one attempt with the shared Codex runner. */
export function runAttempt(options: {
  state: SessionState;
  index: number;
  mode: AttemptMode;
  text: string;
  /** The file that holds `text`, when there is one: Codex reads it as its stdin. */
  textFile?: string;
  bin: string;
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
  run: (options: CodexRunOptions) => Promise<CodexRunOutcome>;
  onSpawn: (pid: number) => void;
  onThreadStarted: (threadId: string) => void;
  onEvent: (event: CodexEvent) => void;
  /** Where Codex's events and stderr go (default: the step's codex.jsonl and stderr.log). */
  logs?: { events: string; stderr: string };
}): Promise<CodexRunOutcome> {
  const { state, index, mode } = options;
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const files = stepFiles(sessionDirOf(state), index, step.command);
  const request: CodexExecRequest = {
    cd: state.workspace,
    sandbox: state.options.sandbox ?? "workspace-write",
    ...(state.options.model === undefined ? {} : { model: state.options.model }),
    ...(mode.kind === "resume" ? { resume: { threadId: mode.threadId } } : {}),
  };
  return options.run({
    bin: options.bin,
    request,
    prompt: options.text,
    ...(options.textFile === undefined ? {} : { promptFile: options.textFile }),
    cwd: state.workspace,
    env: options.env,
    timeoutMs: state.options.timeout_ms,
    stallMs: state.options.stall_ms ?? DEFAULT_STALL_MS,
    signal: options.signal,
    stderrLogPath: options.logs?.stderr ?? files.stderr,
    eventLogPath: options.logs?.events ?? files.events,
    onSpawn: options.onSpawn,
    onThreadStarted: options.onThreadStarted,
    onEvent: options.onEvent,
  });
}

/** What an ended attempt records: its final message file, artifacts and Codex's facts. */
export async function attemptFacts(
  state: SessionState,
  index: number,
  outcome: CodexRunOutcome,
  finishedAt: string,
): Promise<Omit<Partial<AttemptRecord>, "status" | "index" | "command" | "attempt">> {
  const step = state.command_chain[index];
  if (!step) throw new RangeError(`no step ${index}`);
  const files = stepFiles(sessionDirOf(state), index, step.command);
  let lastMessagePath: string | undefined;
  if (outcome.lastMessage !== undefined) {
    await writeFileAtomically(files.lastMessage, `${outcome.lastMessage}\n`, { durable: false });
    lastMessagePath = files.lastMessage;
  }
  const usage = outcome.usage
    ? {
        input_tokens: outcome.usage.input_tokens,
        cached_input_tokens: outcome.usage.cached_input_tokens ?? 0,
        output_tokens: outcome.usage.output_tokens,
        reasoning_output_tokens: outcome.usage.reasoning_output_tokens ?? 0,
      }
    : undefined;
  return {
    finished_at: finishedAt,
    ...(outcome.pid === undefined ? {} : { pid: outcome.pid }),
    ...(outcome.threadId === undefined ? {} : { codex_thread_id: outcome.threadId }),
    ...(outcome.exitCode === null ? {} : { exit_code: outcome.exitCode }),
    ...(outcome.signal === null ? {} : { signal: outcome.signal }),
    ...(lastMessagePath === undefined ? {} : { last_message_path: lastMessagePath }),
    artifacts: await listArtifacts(files.artifacts),
    ...(usage === undefined ? {} : { usage }),
    ...(outcome.status === "completed" ? {} : { error: outcome.error }),
  };
}

/**
 * Why a step that Codex completed still failed: the prompt pack ends a final message that
 * stopped on purpose with `STATUS: blocked` or `STATUS: failed` on its first line
 * (docs/prompt-pack.md). Such a step must not count as completed, or the next step would run
 * on a plan that does not exist.
 */
export function reportedStop(lastMessage: string | undefined): string | undefined {
  const first = lastMessage?.trimStart().split("\n", 1)[0]?.trim() ?? "";
  const status = /^STATUS:\s*(blocked|failed)\b/i.exec(first)?.[1];
  return status === undefined
    ? undefined
    : `the step reported STATUS: ${status.toLowerCase()} (see its last-message.md and artifacts/error.json)`;
}

/** Every file under an artifacts folder, as absolute paths in code-unit order. */
export async function listArtifacts(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw new StorageError(`cannot list ${folder}: ${describeFsError(error)}`);
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else found.push(full);
    }
  };
  await walk(dir);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function ensureFolder(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new StorageError(`cannot create ${dir}: ${describeFsError(error)}`);
  }
}

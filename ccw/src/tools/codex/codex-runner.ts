/**
 * Runs `codex exec --json` once: spawns it without a shell in its own process group, writes
 * the prompt to stdin and closes it, parses stdout line by line into typed events, and returns
 * one typed outcome for every ending. Timeouts and aborts stop the whole process group
 * (SIGTERM, then SIGKILL after a grace period); the child is always reaped.
 */
import { statSync } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { finished } from "node:stream/promises";
import { describeFsError, StorageError, UsageError } from "../../errors.js";
import {
  buildCodexExecArgv,
  type CodexCapabilities,
  type CodexExecRequest,
  guardedFlagsOf,
} from "./codex-argv.js";
import { probeCodexCapabilities } from "./codex-binary.js";
import type { CodexEvent, CodexUsage, parseCodexEventLine } from "./codex-events.js";
import { killTree, messageOf, type RunEnd, settle, startChild } from "./codex-process.js";
import {
  type CodexCommandRecord,
  type CodexFileChange,
  classifyRun,
  emptyRunFacts,
  observeEvent,
  type Termination,
} from "./codex-run-state.js";
import { stallWatch, timeoutProblem } from "./run-limits.js";

export type { CodexCommandRecord, CodexFileChange } from "./codex-run-state.js";

/** One run of `codex exec`. */
export interface CodexRunOptions {
  /** The Codex executable (see resolveCodexBinary). */
  bin: string;
  request: CodexExecRequest;
  /** Written to Codex's stdin byte for byte, then stdin is closed. */
  prompt: string | Uint8Array;
  /**
   * A file that holds `prompt` (the coordinator's prompt.md, repair-N.md): Codex then reads its
   * stdin from the file instead of a pipe, so it gets the whole prompt even if ccw dies the
   * moment it has started Codex.
   */
  promptFile?: string;
  /** The child's working directory (default: this process's). */
  cwd?: string;
  /** The child's whole environment (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stop the run after this many milliseconds (status `timed_out`). */
  timeoutMs?: number;
  /**
   * Stop the run when Codex has made no progress for this many milliseconds: no event other
   * than its error and reconnect notices (status `timed_out`, the error says `stalled`).
   */
  stallMs?: number;
  /** Aborting it stops the run (status `aborted`). */
  signal?: AbortSignal;
  /** How long a stopped Codex gets between SIGTERM and SIGKILL (default 3000). */
  killGraceMs?: number;
  /** Codex's whole stderr is kept here (appended). */
  stderrLogPath?: string;
  /** Every raw stdout line is appended here as it arrives (the coordinator's codex.jsonl). */
  eventLogPath?: string;
  onSpawn?: (pid: number) => void;
  /** Each typed event as it arrives. */
  onEvent?: (event: CodexEvent) => void;
  /** Each raw stdout line as it arrives (what `ccw cli --json` prints). */
  onLine?: (line: string) => void;
  /** Each chunk of Codex's stderr as it arrives. */
  onStderr?: (text: string) => void;
  /** The thread id, the moment `thread.started` arrives. */
  onThreadStarted?: (threadId: string) => void;
  /** What the installed Codex accepts; probed (and cached) from `bin` when absent. */
  capabilities?: CodexCapabilities;
  /** Where the capability probe may cache its result across processes (codex-binary.ts). */
  probeCacheFile?: string;
}

/** Fields every outcome has. */
export interface CodexRunReport {
  /** The argv given to Codex (without the binary). */
  argv: readonly string[];
  exitCode: number | null;
  signal: string | null;
  pid?: number;
  threadId?: string;
  /** The text of the last `agent_message`: the run's final answer. */
  lastMessage?: string;
  usage?: CodexUsage;
  turnCompleted: boolean;
  commands: readonly CodexCommandRecord[];
  filesChanged: readonly CodexFileChange[];
  /** The end of Codex's stderr (at most 4 KiB); the whole of it is in `stderrLogPath`. */
  stderrTail: string;
  /** Lines that were not valid events, as `line N: ...` (at most 100, then a count). */
  protocolProblems: string[];
  /** Exceptions thrown by the caller's callbacks (the run went on). */
  handlerErrors: string[];
  durationMs: number;
}

/** How a run ended. `error` is Codex's message, or why ccw stopped or could not start it. */
export type CodexRunOutcome =
  | (CodexRunReport & { status: "completed"; error?: undefined })
  | (CodexRunReport & {
      status: "failed" | "timed_out" | "aborted" | "not_started";
      error: string;
    });

const STDERR_TAIL_BYTES = 4096;
const MAX_PROBLEMS = 100;
const DEFAULT_KILL_GRACE_MS = 3000;
/**
 * Runs Codex once and returns how it ended. Throws only before anything runs: UsageError for
 * an invalid request or a flag the installed Codex lacks, StorageError for unwritable logs.
 */
export async function runCodex(options: CodexRunOptions): Promise<CodexRunOutcome> {
  const startedAt = performance.now();
  // An invalid request is refused before anything runs, the probe included.
  let argv = buildCodexExecArgv(options.request, options.capabilities);
  const timeoutError =
    options.timeoutMs === undefined ? undefined : timeoutProblem(options.timeoutMs);
  if (timeoutError !== undefined) {
    throw new UsageError(`invalid timeout of ${options.timeoutMs} ms: ${timeoutError}`);
  }
  let capabilities = options.capabilities;
  // Flags every supported Codex has need no probe; only capability-guarded ones do.
  if (capabilities === undefined && guardedFlagsOf(options.request).length > 0) {
    try {
      capabilities = await probeCodexCapabilities(options.bin, {
        ...(options.env === undefined ? {} : { env: options.env }),
        ...(options.probeCacheFile === undefined ? {} : { cacheFile: options.probeCacheFile }),
      });
    } catch (error) {
      return { ...emptyReport(argv, startedAt), status: "not_started", error: messageOf(error) };
    }
    argv = buildCodexExecArgv(options.request, capabilities);
  }
  if (options.signal?.aborted) {
    return {
      ...emptyReport(argv, startedAt),
      status: "aborted",
      error: "interrupted before Codex started",
    };
  }
  const cwdProblem = options.cwd === undefined ? undefined : directoryProblem(options.cwd);
  if (cwdProblem !== undefined) {
    return { ...emptyReport(argv, startedAt), status: "not_started", error: cwdProblem };
  }

  const stderrLog = await openLog(options.stderrLogPath);
  const eventLog = await openLog(options.eventLogPath).catch(async (error: unknown) => {
    await stderrLog?.close();
    throw error;
  });
  try {
    return await supervise(options, argv, stderrLog, eventLog, startedAt);
  } finally {
    await Promise.all([stderrLog?.close(), eventLog?.close()]);
  }
}

async function supervise(
  options: CodexRunOptions,
  argv: readonly string[],
  stderrLog: LogFile | undefined,
  eventLog: LogFile | undefined,
  startedAt: number,
): Promise<CodexRunOutcome> {
  const handlerErrors: string[] = [];
  const guard: Guard = (name, call) => {
    try {
      call();
    } catch (error) {
      handlerErrors.push(`${name}: ${messageOf(error)}`);
    }
  };
  const groupKill = os.platform() !== "win32";
  const started = await startChild({ ...options, stdinFile: options.promptFile }, argv, groupKill);
  if (typeof started === "string") {
    return { ...emptyReport(argv, startedAt), status: "not_started", error: started };
  }
  const { child, pid, stdout, stderr } = started;
  if (options.onSpawn) guard("onSpawn", () => options.onSpawn?.(pid));
  const exited = new Promise<RunEnd>((resolve) => {
    child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
  });
  const signalGroup = (signal: NodeJS.Signals) => killTree(child, pid, signal, groupKill);
  // If ccw itself exits while Codex runs (a second Ctrl-C exits at once), Codex goes with it,
  // even one that ignores the SIGTERM the first Ctrl-C sent.
  const killOnExit = () => signalGroup("SIGKILL");
  process.once("exit", killOnExit);
  const stopper = watchForStop(options, signalGroup);

  if (options.promptFile === undefined) child.stdin?.end(options.prompt);
  const stderrTail = collectStderr(stderr, options, stderrLog, guard);
  const events = readEvents(stdout, options, eventLog, guard, stopper.progress);

  const end = await exited;
  process.removeListener("exit", killOnExit);
  // Anything the child left in its group (a command Codex started, the native binary behind a
  // wrapper script) goes with it.
  signalGroup("SIGKILL");
  await settle(child, events.lines, events.linesDone);
  await events.parserReady;
  stopper.dispose();
  return outcomeOf({
    argv,
    end,
    pid,
    facts: events.facts,
    termination: stopper.termination(),
    stderrTail: stderrTail(),
    protocolProblems: events.problems(),
    handlerErrors,
    startedAt,
  });
}

/** Runs a callback of the caller; what it throws is recorded, and the run goes on. */
type Guard = (name: string, call: () => void) => void;

/**
 * Stops the run on its timeout or its abort signal: SIGTERM to the group, SIGKILL after the
 * grace period. `termination` says why it was stopped, if it was.
 */
function watchForStop(
  options: CodexRunOptions,
  signalGroup: (signal: NodeJS.Signals) => void,
): { termination(): Termination | undefined; progress(): void; dispose(): void } {
  let termination: Termination | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (reason: Termination) => {
    if (termination !== undefined) return;
    termination = reason;
    signalGroup("SIGTERM");
    killTimer = setTimeout(
      () => signalGroup("SIGKILL"),
      options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    );
  };
  const timeoutTimer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => stop({ kind: "timed_out", timeoutMs: options.timeoutMs ?? 0 }),
          options.timeoutMs,
        );
  const stall = stallWatch(options.stallMs, (stallMs) => stop({ kind: "stalled", stallMs }));
  const onAbort = () => stop({ kind: "aborted", reason: abortReason(options.signal) });
  options.signal?.addEventListener("abort", onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  return {
    termination: () => termination,
    progress: stall.progress,
    dispose: () => {
      stall.clear();
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/** Logs stderr and keeps its last bytes; returns a reader of that tail. */
function collectStderr(
  stderr: Readable,
  options: CodexRunOptions,
  stderrLog: LogFile | undefined,
  guard: Guard,
): () => string {
  let tail = "";
  stderr.setEncoding("utf8");
  stderr.on("data", (text: string) => {
    stderrLog?.write(text);
    tail = (tail + text).slice(-STDERR_TAIL_BYTES);
    if (options.onStderr) guard("onStderr", () => options.onStderr?.(text));
  });
  return () => tail;
}

/**
 * Reads the JSONL event stream: logs every line, parses it, keeps the run's facts and reports
 * events, the thread and unreadable lines as they come.
 */
function readEvents(
  stdout: Readable,
  options: CodexRunOptions,
  eventLog: LogFile | undefined,
  guard: Guard,
  /** Called for each event that is progress (not Codex's error and reconnect notices). */
  progress: () => void,
) {
  const facts = emptyRunFacts();
  const protocolProblems: string[] = [];
  let skippedProblems = 0;
  let lineNumber = 0;
  const lines = createInterface({ input: stdout, crlfDelay: Number.POSITIVE_INFINITY });
  const linesDone = new Promise<void>((resolve) => lines.once("close", resolve));
  const handleEvent = (line: string, number: number, parse: typeof parseCodexEventLine) => {
    const parsed = parse(line);
    if (!parsed.ok) {
      if (protocolProblems.length < MAX_PROBLEMS) {
        protocolProblems.push(`line ${number}: ${parsed.problem}`);
      } else skippedProblems += 1;
      return;
    }
    const event = parsed.event;
    if (event.type !== "error" && !(event.type === "item.completed" && event.item.type === "error"))
      progress();
    const hadThread = facts.threadId !== undefined;
    observeEvent(facts, event);
    if (options.onEvent) guard("onEvent", () => options.onEvent?.(event));
    if (!hadThread && facts.threadId !== undefined && options.onThreadStarted) {
      const threadId = facts.threadId;
      guard("onThreadStarted", () => options.onThreadStarted?.(threadId));
    }
  };
  // The parser (and zod behind it) loads while Codex starts up rather than before it. Lines
  // are read from the start (an unread pipe is drained and lost when the child exits) and
  // wait in `pending` until the parser is there.
  let parse: typeof parseCodexEventLine | undefined;
  const pending: [string, number][] = [];
  lines.on("line", (line) => {
    lineNumber += 1;
    if (line.trim() === "") return;
    eventLog?.write(`${line}\n`);
    if (options.onLine) guard("onLine", () => options.onLine?.(line));
    if (parse === undefined) pending.push([line, lineNumber]);
    else handleEvent(line, lineNumber, parse);
  });
  const parserReady = import("./codex-events.js").then((events) => {
    parse = events.parseCodexEventLine;
    for (const [line, number] of pending.splice(0)) handleEvent(line, number, parse);
  });
  const problems = () =>
    skippedProblems > 0
      ? [...protocolProblems, `... and ${skippedProblems} more problem lines`]
      : protocolProblems;
  return { facts, lines, linesDone, parserReady, problems };
}

/** The outcome of a finished run: its report and its verdict. */
function outcomeOf(run: {
  argv: readonly string[];
  end: RunEnd;
  pid: number;
  facts: ReturnType<typeof emptyRunFacts>;
  termination: Termination | undefined;
  stderrTail: string;
  protocolProblems: string[];
  handlerErrors: string[];
  startedAt: number;
}): CodexRunOutcome {
  const { facts } = run;
  const verdict = classifyRun(facts, run.end, run.termination, run.stderrTail);
  const report: CodexRunReport = {
    argv: run.argv,
    exitCode: run.end.exitCode,
    signal: run.end.signal,
    pid: run.pid,
    turnCompleted: facts.turnCompleted,
    commands: facts.commands,
    filesChanged: facts.filesChanged,
    stderrTail: run.stderrTail,
    protocolProblems: run.protocolProblems,
    handlerErrors: run.handlerErrors,
    durationMs: performance.now() - run.startedAt,
    ...(facts.threadId === undefined ? {} : { threadId: facts.threadId }),
    ...(facts.lastMessage === undefined ? {} : { lastMessage: facts.lastMessage }),
    ...(facts.usage === undefined ? {} : { usage: facts.usage }),
  };
  return verdict.status === "completed"
    ? { ...report, status: "completed" }
    : { ...report, status: verdict.status, error: verdict.error };
}

function emptyReport(argv: readonly string[], startedAt: number): CodexRunReport {
  return {
    argv,
    exitCode: null,
    signal: null,
    turnCompleted: false,
    commands: [],
    filesChanged: [],
    stderrTail: "",
    protocolProblems: [],
    handlerErrors: [],
    durationMs: performance.now() - startedAt,
  };
}

function abortReason(signal: AbortSignal | undefined): string {
  const reason: unknown = signal?.reason;
  if (typeof reason === "string") return reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason.message;
  return "aborted";
}

function directoryProblem(dir: string): string | undefined {
  try {
    return statSync(dir).isDirectory() ? undefined : `working directory ${dir} is not a folder`;
  } catch (error) {
    return `working directory ${dir} cannot be used: ${describeFsError(error)}`;
  }
}

interface LogFile {
  write(text: string): void;
  close(): Promise<void>;
}

async function openLog(file: string | undefined): Promise<LogFile | undefined> {
  if (file === undefined) return undefined;
  let handle: FileHandle;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    handle = await open(file, "a");
  } catch (error) {
    throw new StorageError(`cannot open the log file ${file}: ${describeFsError(error)}`, {
      hint: "Check that its folder is writable and the disk is not full.",
      cause: error,
    });
  }
  const stream: Writable = handle.createWriteStream();
  let failure: unknown;
  stream.on("error", (error) => {
    failure ??= error;
  });
  return {
    write(text) {
      if (failure === undefined) stream.write(text);
    },
    async close() {
      stream.end();
      await finished(stream).catch(() => undefined);
      await handle.close().catch(() => undefined);
    },
  };
}

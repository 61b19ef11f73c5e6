/**
 * Runs `codex exec --json` once: spawns it without a shell in its own process group, writes
 * the prompt to stdin and closes it, parses stdout line by line into typed events, and returns
 * one typed outcome for every ending. Timeouts and aborts stop the whole process group
 * (SIGTERM, then SIGKILL after a grace period); the child is always reaped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { type FileHandle, mkdir, open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface, type Interface } from "node:readline";
import type { Writable } from "node:stream";
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
import { codexLaunch } from "./codex-launch.js";
import {
  type CodexCommandRecord,
  type CodexFileChange,
  classifyRun,
  emptyRunFacts,
  observeEvent,
  type Termination,
} from "./codex-run-state.js";
import { codexStarted, supervisorArgv } from "./codex-supervisor.js";
import { stallWatch, timeoutProblem } from "./run-limits.js";

export type { CodexCommandRecord, CodexFileChange } from "./codex-run-state.js";

/** One run of `codex exec`. */
export interface CodexRunOptions {
  /** The Codex executable (see resolveCodexBinary). */
  bin: string;
  request: CodexExecRequest;
  /** Written to Codex's stdin byte for byte, then stdin is closed. */
  prompt: string | Uint8Array;
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
/** After the child exits, how long its stdout may stay open (held by an escaped grandchild). */
const PIPE_DRAIN_MS = 2000;

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
  const facts = emptyRunFacts();
  const protocolProblems: string[] = [];
  const handlerErrors: string[] = [];
  let skippedProblems = 0;
  let stderrTail = "";
  let lineNumber = 0;
  let termination: Termination | undefined;
  const groupKill = os.platform() !== "win32";

  const guard = (name: string, call: () => void) => {
    try {
      call();
    } catch (error) {
      handlerErrors.push(`${name}: ${messageOf(error)}`);
    }
  };

  let child: ChildProcess;
  try {
    child = startCodex(options, argv, groupKill);
  } catch (error) {
    // Invalid arguments (a NUL byte in the path or the environment) throw instead of emitting.
    return {
      ...emptyReport(argv, startedAt),
      status: "not_started",
      error: `cannot start ${options.bin}: ${messageOf(error)}`,
    };
  }
  const spawned = new Promise<Error | undefined>((resolve) => {
    child.once("spawn", () => resolve(undefined));
    // Also keeps later errors (a failed kill) from crashing ccw: they change nothing here.
    child.on("error", (error) => resolve(error));
  });
  // Whether or not the child reads its stdin, a closed pipe must not crash ccw.
  child.stdin?.on("error", () => undefined);
  let spawnError = await spawned;
  if (spawnError === undefined && groupKill) spawnError = await codexStarted(child);
  const { pid, stdout, stderr } = child;
  if (spawnError !== undefined || pid === undefined || stdout === null || stderr === null) {
    return {
      ...emptyReport(argv, startedAt),
      status: "not_started",
      error: `cannot start ${options.bin}: ${describeFsError(spawnError)}`,
    };
  }
  if (options.onSpawn) guard("onSpawn", () => options.onSpawn?.(pid));
  const exited = new Promise<{ exitCode: number | null; signal: string | null }>((resolve) => {
    child.once("exit", (exitCode, signal) => resolve({ exitCode, signal }));
  });

  const signalGroup = (signal: NodeJS.Signals) => killTree(child, pid, signal, groupKill);
  // If ccw itself exits while Codex runs (a second Ctrl-C exits at once), Codex goes with it,
  // even one that ignores the SIGTERM the first Ctrl-C sent.
  const killOnExit = () => signalGroup("SIGKILL");
  process.once("exit", killOnExit);
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

  child.stdin?.end(options.prompt);

  stderr.setEncoding("utf8");
  stderr.on("data", (text: string) => {
    stderrLog?.write(text);
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
    if (options.onStderr) guard("onStderr", () => options.onStderr?.(text));
  });

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
      stall.progress();
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

  const end = await exited;
  process.removeListener("exit", killOnExit);
  // Anything the child left in its group (a command Codex started, the native binary behind a
  // wrapper script) goes with it.
  signalGroup("SIGKILL");
  await settle(child, lines, linesDone);
  await parserReady;

  clearTimeout(timeoutTimer);
  clearTimeout(killTimer);
  stall.clear();
  options.signal?.removeEventListener("abort", onAbort);
  if (skippedProblems > 0) protocolProblems.push(`... and ${skippedProblems} more problem lines`);

  const verdict = classifyRun(facts, end, termination, stderrTail);
  const report: CodexRunReport = {
    argv,
    exitCode: end.exitCode,
    signal: end.signal,
    pid,
    turnCompleted: facts.turnCompleted,
    commands: facts.commands,
    filesChanged: facts.filesChanged,
    stderrTail,
    protocolProblems,
    handlerErrors,
    durationMs: performance.now() - startedAt,
    ...(facts.threadId === undefined ? {} : { threadId: facts.threadId }),
    ...(facts.lastMessage === undefined ? {} : { lastMessage: facts.lastMessage }),
    ...(facts.usage === undefined ? {} : { usage: facts.usage }),
  };
  return verdict.status === "completed"
    ? { ...report, status: "completed" }
    : { ...report, status: verdict.status, error: verdict.error };
}

/** Spawns Codex; off Windows under the supervisor that stops its group when ccw dies. */
function startCodex(
  options: CodexRunOptions,
  argv: readonly string[],
  supervised: boolean,
): ChildProcess {
  const launch = codexLaunch(options.bin);
  return spawn(
    supervised ? process.execPath : launch.file,
    supervised ? supervisorArgv(launch.file, argv) : [...argv],
    {
      cwd: options.cwd,
      env: { ...definedEntries(options.env ?? process.env), ...launch.env },
      stdio: supervised ? ["pipe", "pipe", "pipe", "pipe"] : ["pipe", "pipe", "pipe"],
      detached: supervised,
      shell: false,
      windowsHide: true,
    },
  );
}

/** Waits for stdout/stderr to close; an escaped grandchild holding them open is cut off. */
async function settle(
  child: ChildProcess,
  lines: Interface,
  linesDone: Promise<void>,
): Promise<void> {
  const closed = new Promise<void>((resolve) => {
    if (child.stdout?.closed !== false && child.stderr?.closed !== false) resolve();
    child.once("close", () => resolve());
  });
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    closed.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), PIPE_DRAIN_MS);
    }),
  ]);
  clearTimeout(timer);
  if (!drained) {
    child.stdout?.destroy();
    child.stderr?.destroy();
    lines.close();
  }
  await linesDone;
}

function killTree(child: ChildProcess, pid: number, signal: NodeJS.Signals, group: boolean) {
  try {
    if (group) process.kill(-pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone.
  }
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

function definedEntries(env: Readonly<Record<string, string | undefined>>) {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An append-only log file. */
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

/**
 * Runs one `--verify` command: the user's own check (like an npm script), typed by the user on
 * ccw's command line and stored in the session's options. It runs through `sh -c` ON PURPOSE,
 * so that it can be any shell command line (`npm test && npm run lint`); nothing else ever
 * reaches that shell: no intent text, no prompt, no model output (docs/coordinator.md,
 * "Verified steps"). It runs in the workspace with a time limit; its output (stdout and stderr
 * together) is captured whole to a log file, and its tail is kept for the state and the repair
 * prompt.
 */
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import { describeFsError, StorageError } from "../errors.js";

/** How a verify run ended. */
export interface VerifyRunResult {
  readonly command: string;
  /** The exit code, or null when the command was killed by a signal or did not start. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly durationMs: number;
  /** The last lines of its output (at most TAIL_CHARS characters). */
  readonly outputTail: string;
  /** Why it could not start, when it could not. */
  readonly error?: string;
}

/** How much of the output's end the state and the repair prompt keep. */
export const TAIL_CHARS = 2000;
/** How much output the log file keeps (the start and the end of longer output). */
const LOG_LIMIT = 4 * 1024 * 1024;
/** After the time limit: SIGTERM to the process group, then SIGKILL after this grace. */
const KILL_GRACE_MS = 2000;

/** Whether a verify run passed. */
export function verifyPassed(result: VerifyRunResult): boolean {
  return result.exitCode === 0 && !result.timedOut && !result.aborted;
}

/** Runs `command` with `sh -c` in `cwd` and writes its output to `logPath`. */
export async function runVerifyCommand(options: {
  command: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs: number;
  signal: AbortSignal;
  logPath: string;
  now?: () => number;
}): Promise<VerifyRunResult> {
  const clock = options.now ?? (() => Date.now());
  const started = clock();
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  let tail = "";
  const take = (chunk: Buffer) => {
    if (kept < LOG_LIMIT) {
      chunks.push(chunk);
      kept += chunk.length;
    } else {
      dropped += chunk.length;
    }
    tail = (tail + chunk.toString("utf8")).slice(-TAIL_CHARS * 2);
  };
  const result = await runShell(options, take);
  const log = Buffer.concat(chunks);
  const note = dropped > 0 ? `\n[ccw: ${dropped} more bytes of output not kept]\n` : "";
  try {
    await fs.writeFile(options.logPath, Buffer.concat([log, Buffer.from(note)]));
  } catch (error) {
    throw new StorageError(`cannot write ${options.logPath}: ${describeFsError(error)}`);
  }
  return { ...result, durationMs: clock() - started, outputTail: tailLines(tail) };
}

type ShellEnd = Omit<VerifyRunResult, "outputTail" | "durationMs">;

/** Runs `sh -c <command>` in its own process group; `take` gets its output as it comes. */
function runShell(
  options: {
    command: string;
    cwd: string;
    env: Readonly<Record<string, string | undefined>>;
    timeoutMs: number;
    signal: AbortSignal;
  },
  take: (chunk: Buffer) => void,
): Promise<ShellEnd> {
  return new Promise<ShellEnd>((resolve) => {
    let timedOut = false;
    let aborted = false;
    let killer: NodeJS.Timeout | undefined;
    const child = spawn("sh", ["-c", options.command], {
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stopGroup = () => {
      const signalGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined) process.kill(-child.pid, signal);
        } catch {
          // already gone
        }
      };
      signalGroup("SIGTERM");
      killer = setTimeout(() => signalGroup("SIGKILL"), KILL_GRACE_MS);
      killer.unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stopGroup();
    }, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      stopGroup();
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.signal.aborted) onAbort();
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const done = (value: ShellEnd) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      options.signal.removeEventListener("abort", onAbort);
      resolve(value);
    };
    child.once("error", (error) =>
      done({
        command: options.command,
        exitCode: null,
        signal: null,
        timedOut,
        aborted,
        error: `could not start sh: ${error.message}`,
      }),
    );
    child.once("close", (code, signal) =>
      done({ command: options.command, exitCode: code, signal, timedOut, aborted }),
    );
  });
}

/** The end of `text`, at most TAIL_CHARS characters, cut at a line start when it can be. */
export function tailLines(text: string): string {
  const trimmed = text.replace(/\s+$/, "");
  if (trimmed.length <= TAIL_CHARS) return trimmed;
  const cut = trimmed.slice(-TAIL_CHARS);
  const newline = cut.indexOf("\n");
  return newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
}

/** What a failed verify run says in a problem: its exit code, signal or time limit. */
export function describeVerifyFailure(result: VerifyRunResult): string {
  if (result.error !== undefined) return result.error;
  if (result.aborted) return "stopped (interrupted)";
  if (result.timedOut) return `did not finish within the time limit (${result.durationMs} ms)`;
  if (result.signal !== null) return `killed by ${result.signal}`;
  return `exit code ${result.exitCode}`;
}

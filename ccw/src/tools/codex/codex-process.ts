/**
 * The Codex child process: started without a shell (in a process group of its own where the
 * platform has them), its whole group signalled, its pipes drained when it ends.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import type { Interface } from "node:readline";
import type { Readable } from "node:stream";
import { describeFsError } from "../../errors.js";
import { type CodexGuard, codexGuard } from "./codex-guard.js";
import { codexLaunch } from "./codex-launch.js";

/** After the child exits, how long its stdout may stay open (held by an escaped grandchild). */
const PIPE_DRAIN_MS = 2000;

export /** How the child process ended. */
interface RunEnd {
  exitCode: number | null;
  signal: string | null;
}

/** The started child and its pipes. */
export interface StartedChild {
  child: ChildProcess;
  pid: number;
  stdout: Readable;
  stderr: Readable;
}

/**
 * Starts Codex (no shell); the started child, or why it could not start. With `groupKill` it
 * leads a process group of its own, and this process's guard (codex-guard.ts) stops that group
 * if ccw dies while it runs: no orphans, even after a SIGKILL of ccw.
 */
export async function startChild(
  options: {
    bin: string;
    cwd?: string;
    env?: Readonly<Record<string, string | undefined>>;
    /** Codex's stdin is this file instead of a pipe. */
    stdinFile?: string | undefined;
  },
  argv: readonly string[],
  groupKill: boolean,
): Promise<StartedChild | string> {
  let child: ChildProcess;
  let guard: CodexGuard | undefined;
  let stdin: number | undefined;
  try {
    if (options.stdinFile !== undefined) stdin = openSync(options.stdinFile, "r");
    const launch = codexLaunch(options.bin);
    const env = { ...definedEntries(options.env ?? process.env), ...launch.env };
    // Started before Codex, so that no moment exists in which Codex runs unguarded.
    guard = groupKill ? codexGuard(env) : undefined;
    child = spawn(launch.file, [...launch.args, ...argv], {
      cwd: options.cwd,
      env,
      stdio: [stdin ?? "pipe", "pipe", "pipe"],
      detached: groupKill,
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    // Invalid arguments (a NUL byte in the path or the environment) throw instead of emitting.
    return `cannot start ${options.bin}: ${messageOf(error)}`;
  } finally {
    // Codex has its own copy of the descriptor.
    if (stdin !== undefined) closeSync(stdin);
  }
  const { pid } = child;
  if (guard !== undefined && pid !== undefined) {
    guard.watch(pid);
    child.once("exit", () => guard.release(pid));
  }
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once("spawn", () => resolve(undefined));
    // Also keeps later errors (a failed kill) from crashing ccw: they change nothing here.
    child.on("error", (error) => resolve(error));
  });
  // Whether or not the child reads its stdin, a closed pipe must not crash ccw.
  child.stdin?.on("error", () => undefined);
  const { stdout, stderr } = child;
  if (spawnError !== undefined || pid === undefined || stdout === null || stderr === null) {
    return `cannot start ${options.bin}: ${describeFsError(spawnError)}`;
  }
  return { child, pid, stdout, stderr };
}

/** Waits for stdout/stderr to close; an escaped grandchild holding them open is cut off. */
export async function settle(
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

export function killTree(child: ChildProcess, pid: number, signal: NodeJS.Signals, group: boolean) {
  try {
    if (group) process.kill(-pid, signal);
    else child.kill(signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function definedEntries(env: Readonly<Record<string, string | undefined>>) {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An append-only log file. */

/**
 * `--detach`: a session runs in its own background process, so that it outlives the caller
 * (Claude Code's Bash tool stops a call after ten minutes, and its background commands when it
 * exits). The process is `ccw coordinator resume <id> --yes` in a new process group (a session
 * of its own, no terminal), its stdin empty and its stdout and stderr appended to `runner.log`
 * in the session folder. Its pid goes to `runner.json`; the session lock, which that process
 * takes as any runner does, still guarantees one runner.
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { BusyError, describeFsError, OperationFailedError, StorageError } from "../errors.js";
import type { CoordinatorEnvironment } from "./environment.js";
import { RUNNER_LOG, readRunnerRecord, runnerAlive, writeRunnerRecord } from "./runner-record.js";
import { type LockEnvironment, readLiveOwner, systemLockEnvironment } from "./session-lock.js";

/** What was started. */
export interface DetachedRun {
  readonly session_id: string;
  readonly pid: number;
  readonly log: string;
}

/** Options of the background run. */
export interface DetachOptions {
  readonly fresh: boolean;
  readonly codexBin?: string;
}

/**
 * Starts the background runner of session `id` (which must be runnable: not completed, not
 * aborted) and returns once it has a pid. Refuses (BusyError) while a runner is alive.
 */
export async function startDetachedRun(
  env: CoordinatorEnvironment,
  id: string,
  options: DetachOptions,
): Promise<DetachedRun> {
  const { ctx, store } = env;
  const lockEnv: LockEnvironment = env.lockEnvironment ?? systemLockEnvironment;
  const files = store.files(id);
  const owner = await readLiveOwner(files.lock, lockEnv);
  const earlier = await readRunnerRecord(files.dir);
  const livePid = owner?.pid ?? (runnerAlive(earlier, lockEnv) ? earlier?.pid : undefined);
  if (livePid !== undefined) {
    throw new BusyError(`${id} is already being run by pid ${livePid}`, {
      hint: `Watch it: ccw coordinator wait ${id}   (or stop it: ccw coordinator abort ${id})`,
    });
  }
  const self = ctx.selfCommand;
  if (self === undefined) {
    throw new OperationFailedError(
      "cannot start a background run: ccw's own executable is unknown",
      {
        hint: `Run it in the foreground instead: ccw coordinator resume ${id} --yes`,
      },
    );
  }
  const log = path.join(files.dir, RUNNER_LOG);
  const args = [
    ...self.slice(1),
    "coordinator",
    "resume",
    id,
    "--yes",
    "--cd",
    env.workspace,
    ...(options.fresh ? ["--fresh"] : []),
    ...(options.codexBin === undefined ? [] : ["--codex-bin", options.codexBin]),
  ];
  let fd: number;
  try {
    fd = openSync(log, "a");
  } catch (error) {
    throw new StorageError(`cannot open the run log ${log}: ${describeFsError(error)}`);
  }
  let pid: number;
  try {
    const started = new Date();
    const child = spawn(self[0], args, {
      cwd: env.workspace,
      // detached: a new session and process group, so the caller's terminal, its Ctrl-C and a
      // kill of the caller's process group do not reach the run.
      detached: true,
      stdio: ["ignore", fd, fd],
      env: { ...ctx.env, CCW_DETACHED: "1", NO_COLOR: ctx.env.NO_COLOR ?? "1" },
    });
    pid = await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => resolve(child.pid as number));
    });
    child.unref();
    await writeRunnerRecord(files.dir, {
      pid,
      host: lockEnv.host,
      started_at: started.toISOString(),
      ...(lockEnv.procStart(pid) === undefined ? {} : { proc_start: lockEnv.procStart(pid) }),
      log,
    });
  } catch (error) {
    if (error instanceof StorageError) throw error;
    throw new OperationFailedError(
      `cannot start the background run of ${id}: ${describeFsError(error)}`,
      { hint: `Run it in the foreground instead: ccw coordinator resume ${id} --yes` },
    );
  } finally {
    closeSync(fd);
  }
  await store.appendEvent(id, { kind: "session.detached", detail: `pid ${pid}` });
  return { session_id: id, pid, log };
}

/** What `--detach` prints: the session, the pid, and the commands to watch or stop it. */
export function describeDetachedRun(run: DetachedRun): string {
  const id = run.session_id;
  return [
    `${id}: running in the background (pid ${run.pid}); its output goes to ${run.log}`,
    `  wait for it:  ccw coordinator wait ${id}`,
    `  watch it:     ccw coordinator status ${id} --watch`,
    `  stop it:      ccw coordinator abort ${id}`,
    "",
  ].join("\n");
}

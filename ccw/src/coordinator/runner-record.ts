/**
 * `runner.json` in a session folder: the background process that `--detach` started (pid,
 * host, start time, log file). It covers the moment between the start of that process and its
 * taking the session lock, and tells `wait` whether a runner still exists. The lock stays what
 * guarantees one runner; this file is a record, not a lock.
 */
import path from "node:path";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import * as z from "../zod.js";
import type { LockEnvironment } from "./session-lock.js";

export const RunnerRecord = z.object({
  pid: z.int().check(z.positive()),
  host: z.string(),
  started_at: z.string(),
  /** Linux: the process's start time in clock ticks, to tell a reused pid apart. */
  proc_start: z.optional(z.string()),
  log: z.string(),
});
export type RunnerRecord = z.infer<typeof RunnerRecord>;

/** The file name, inside a session folder. */
export const RUNNER_FILE = "runner.json";

/** The log file of detached runs, inside a session folder. */
export const RUNNER_LOG = "runner.log";

/** Writes the record of a started runner into session folder `dir`. */
export async function writeRunnerRecord(dir: string, record: RunnerRecord): Promise<void> {
  await writeFileAtomically(path.join(dir, RUNNER_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The record in session folder `dir`, or undefined when there is none or it is unreadable. */
export async function readRunnerRecord(dir: string): Promise<RunnerRecord | undefined> {
  try {
    const parsed = RunnerRecord.safeParse(
      JSON.parse(await readRegularFile(path.join(dir, RUNNER_FILE))),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the recorded runner still runs (a process on another host counts as running). */
export function runnerAlive(record: RunnerRecord | undefined, env: LockEnvironment): boolean {
  if (record === undefined) return false;
  return record.host !== env.host || env.isAlive(record.pid, record.proc_start);
}

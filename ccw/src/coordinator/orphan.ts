/**
 * Stopping the Codex process group a dead coordinator left running (its attempt's recorded
 * pid), so that a resumed step never runs beside it and an aborted session leaves nothing
 * working in the workspace. Only a process whose command line mentions codex is touched: after
 * a crash the pid may belong to something else by now.
 */
import { readFileSync } from "node:fs";

/** Whether `pid` runs and looks like a Codex run (Codex, or an older ccw's supervisor of it). */
function isCodexProcess(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return /codex/i.test(cmdline) && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false; // gone, or not Linux: nothing we can check safely
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Sends SIGKILL to the group (and the process) `pid`; returns whether it was a Codex run. */
export function stopOrphan(pid: number): boolean {
  if (!isCodexProcess(pid)) return false;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, "SIGKILL");
    } catch {
      // already gone, or not a group leader
    }
  }
  return true;
}

/** Stops the groups of `pids` and waits (up to `waitMs`) until none of them has a process. */
export async function stopOrphans(pids: readonly number[], waitMs = 5000): Promise<number[]> {
  const stopped = pids.filter(stopOrphan);
  const deadline = Date.now() + waitMs;
  while (stopped.some(groupAlive) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return stopped;
}

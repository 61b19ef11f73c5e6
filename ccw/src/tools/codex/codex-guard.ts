/**
 * The guard that ties Codex runs to the ccw that started them (issue 20, orphans). ccw starts
 * Codex itself, each run leading a process group of its own, so nothing stands between ccw and
 * Codex when a run starts. Beside it runs one guard per ccw process: a small Node program,
 * started with the first run, that holds a lifeline (its stdin, a pipe from ccw) and the list
 * of groups that are running (`+<pgid>` when one starts, `-<pgid>` when its leader has exited).
 * When the lifeline closes (ccw exited, even by SIGKILL) while groups are listed, it stops them:
 * SIGTERM, then SIGKILL a second later, so that nothing of a run outlives its coordinator by
 * more than about 1.5 s. With nothing listed it just exits.
 *
 * The guard starts before the first Codex and each `+` line is written the moment the spawn
 * returns: a pipe keeps what was written, so a guard that is still starting when ccw dies reads
 * the groups, then the end, and stops them all the same. It runs as `node -e <GUARD_SOURCE>`: no
 * file to find on disk, no shell, and it never reads or writes ccw's terminal.
 */
import { spawn } from "node:child_process";

/** How long Codex gets between the group's SIGTERM and SIGKILL once ccw is gone. */
export const ORPHAN_GRACE_MS = 1000;

/** The guard's source: plain CommonJS, node built-ins only. */
export const GUARD_SOURCE = `"use strict";
const groups = new Set();
let pending = "";
const signal = (name) => {
  for (const pgid of groups) {
    try { process.kill(-pgid, name); } catch {}
  }
};
let gone = false;
const lifelineClosed = () => {
  if (gone) return;
  gone = true;
  if (groups.size === 0) process.exit(0);
  signal("SIGTERM");
  setTimeout(() => { signal("SIGKILL"); process.exit(0); }, ${ORPHAN_GRACE_MS});
};
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  for (let end = pending.indexOf("\\n"); end >= 0; end = pending.indexOf("\\n")) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isSafeInteger(pgid) || pgid <= 1) continue;
    if (line[0] === "+") groups.add(pgid);
    else if (line[0] === "-") groups.delete(pgid);
  }
});
process.stdin.on("end", lifelineClosed);
process.stdin.on("close", lifelineClosed);
process.stdin.on("error", lifelineClosed);
`;

/** What ccw tells its guard. */
export interface CodexGuard {
  /** The group `pgid` runs: stop it if ccw goes away. */
  watch(pgid: number): void;
  /** The leader of `pgid` has exited (and was reaped). */
  release(pgid: number): void;
}

let guard: CodexGuard | undefined;

/**
 * This process's guard, started on first use. A guard that cannot start leaves the runs
 * unguarded, not failed: an orphan is then still found by its recorded pid (orphan.ts).
 */
export function codexGuard(env: Readonly<Record<string, string>>): CodexGuard {
  if (guard !== undefined) return guard;
  let lifeline: NodeJS.WritableStream & { unref?(): void };
  try {
    const child = spawn(process.execPath, ["-e", GUARD_SOURCE], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
      env,
      windowsHide: true,
    });
    child.on("error", () => undefined);
    if (child.stdin === null) throw new Error("the guard has no stdin");
    lifeline = child.stdin;
    // Neither the guard nor its pipe keeps ccw running; ccw's exit closes the lifeline.
    lifeline.on("error", () => undefined);
    child.unref();
    lifeline.unref?.();
  } catch {
    guard = { watch: () => undefined, release: () => undefined };
    return guard;
  }
  guard = {
    watch: (pgid) => lifeline.write(`+${pgid}\n`),
    release: (pgid) => lifeline.write(`-${pgid}\n`),
  };
  return guard;
}

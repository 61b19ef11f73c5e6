/**
 * The guard that ties Codex runs to the ccw that started them (issue 20, orphans). ccw starts
 * Codex itself, each run leading a process group of its own, so nothing stands between ccw and
 * Codex when a run starts. Beside it runs one guard per ccw process, started with the first run:
 * a POSIX shell script (the lightest process that can do the job; a Node guard took ~20 ms of
 * CPU away from Codex as it started) that reads a lifeline, its stdin, a pipe from ccw, and keeps
 * the list of groups that are running (`+<pgid>` when one starts, `-<pgid>` when its leader has
 * exited). When the lifeline closes (ccw exited, even by SIGKILL) while groups are listed, it
 * stops them: SIGTERM, then SIGKILL a second later, so that nothing of a run outlives its
 * coordinator by more than about 1.5 s. With nothing listed it just exits.
 *
 * The guard starts before the first Codex and each `+` line is written the moment the spawn
 * returns: a pipe keeps what was written, so a guard that is still starting when ccw dies reads
 * the groups, then the end, and stops them all the same. The script is a constant and reads
 * nothing but the numbers ccw writes: no argument, no user text, reaches the shell. It never
 * reads or writes ccw's terminal.
 */
import { type ChildProcess, spawn } from "node:child_process";

/** How long Codex gets between the group's SIGTERM and SIGKILL once ccw is gone. */
export const ORPHAN_GRACE_MS = 1000;

/** The guard: `sh -c GUARD_SCRIPT`, its stdin the lifeline. */
export const GUARD_SCRIPT = `groups=""
while IFS= read -r line; do
  case $line in
    [+-]*[!0-9]*) ;;
    +[0-9]*) groups="$groups \${line#+}" ;;
    -[0-9]*) kept=""; for g in $groups; do [ "$g" = "\${line#-}" ] || kept="$kept $g"; done; groups=$kept ;;
  esac
done
[ -n "$groups" ] || exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
sleep ${ORPHAN_GRACE_MS / 1000}
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
`;

/** What ccw tells its guard. */
export interface CodexGuard {
  /** The group `pgid` runs: stop it if ccw goes away. */
  watch(pgid: number): void;
  /** The leader of `pgid` has exited (and was reaped). */
  release(pgid: number): void;
}

let guard: CodexGuard | undefined;
/** Ends the running guard's lifeline and resolves once it has exited. */
let closeGuard: (() => Promise<void>) | undefined;

/** How long closeCodexGuard waits for the guard to exit. */
const CLOSE_WAIT_MS = 2000;

/**
 * This process's guard, started on first use. A guard that cannot start leaves the runs
 * unguarded, not failed: an orphan is then still found by its recorded pid (orphan.ts).
 */
export function codexGuard(env: Readonly<Record<string, string>>): CodexGuard {
  if (guard !== undefined) return guard;
  let lifeline: NodeJS.WritableStream & { unref?(): void };
  let exited: Promise<void>;
  let guardProcess: ChildProcess;
  try {
    const child = spawn("/bin/sh", ["-c", GUARD_SCRIPT], {
      stdio: ["pipe", "ignore", "ignore"],
      detached: true,
      env,
      windowsHide: true,
    });
    child.on("error", () => undefined);
    guardProcess = child;
    exited = new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.once("error", () => resolve());
    });
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
  closeGuard = async () => {
    // Waited for: referenced again, or Node would exit with nothing left to wait for.
    guardProcess.ref();
    lifeline.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      exited,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  };
  return guard;
}

/**
 * Closes this process's guard, when one runs, and waits (up to 2 s) until it has exited: called
 * when ccw's work with Codex is over (`ccw cli`, a coordinator run), so that on a normal exit no
 * process ccw started outlives it, not even for the moment the guard takes to see the end of
 * its lifeline. Call it only when no run is going; the next run starts a new guard.
 */
export async function closeCodexGuard(): Promise<void> {
  const close = closeGuard;
  guard = undefined;
  closeGuard = undefined;
  await close?.();
}

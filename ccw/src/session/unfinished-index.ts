/**
 * The index of unfinished sessions: `<sessions folder>/.unfinished/<session-id>`, one empty
 * file per session that may not be finished (planned, running, waiting or failed). It lets the
 * hooks, which run on every tool call and status-line refresh, look at the few unfinished
 * sessions of a workspace instead of every session ever run.
 *
 * It is a hint, never trusted over the session's own files: whoever reads it still reads each
 * named session's status, and a name whose session is finished or gone is passed over. The
 * coordinator keeps it a superset of the unfinished sessions (a marker is written before a
 * session's state.json, and removed only after a completed or aborted state.json is written;
 * coordinator/unfinished-markers.ts). A workspace without the folder (sessions made by an
 * older ccw) is scanned in full, and the next session ccw creates there builds the index from
 * a scan; removing the folder is always safe.
 */
import path from "node:path";

/** The index folder's name inside the sessions folder (hidden: it is not a session). */
export const UNFINISHED_INDEX = ".unfinished";

/** Session statuses that are not final: the index names every session that has one. */
export const UNFINISHED_STATUSES: ReadonlySet<string> = new Set([
  "planned",
  "running",
  "waiting",
  "failed",
]);

/** The index folder of a sessions folder. */
export function unfinishedIndexDir(sessionsRoot: string): string {
  return path.join(sessionsRoot, UNFINISHED_INDEX);
}

/**
 * The session ids the index names, or undefined when there is no index (then every session
 * folder must be looked at). `readdir` fails with ENOENT for a missing folder.
 */
export async function readUnfinishedIndex(
  sessionsRoot: string,
  readdir: (dir: string) => Promise<string[]>,
): Promise<string[] | undefined> {
  try {
    return (await readdir(unfinishedIndexDir(sessionsRoot))).filter(
      (name) => !name.startsWith("."),
    );
  } catch {
    return undefined;
  }
}

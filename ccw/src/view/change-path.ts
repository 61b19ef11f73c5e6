/**
 * Which paths under a workspace the dashboard watches, and what a change of one means. Pure:
 * the watcher (watch-hub.ts) asks `watchedPath` before it descends anywhere, so it never
 * watches a project's own files, only the sessions folder and the way to it.
 */
import path from "node:path";
import type { ChangeEvent } from "./api-types.js";

const STEP_DIR = /^(\d{2,})-[a-z0-9][a-z0-9._-]*$/;

/** The path of `file` below `root` as segments, or undefined when it is not below it. */
function segmentsBelow(root: string, file: string): string[] | undefined {
  const relative = path.relative(root, file);
  if (relative === "") return [];
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep);
}

/**
 * Whether the watcher should look at `file`: the folders leading from the workspace to the
 * sessions folder, and inside it the session folders with their state.json and events.jsonl;
 * and, for the sessions `stepsWatched` names (those that run), the step folders, each step's
 * codex.jsonl and its artifacts folder.
 */
export function watchedPath(
  workspace: string,
  root: string,
  file: string,
  stepsWatched: (session: string) => boolean,
): boolean {
  const ancestor = segmentsBelow(file, root);
  if (ancestor !== undefined && segmentsBelow(workspace, file) !== undefined) return true;
  const change = classifyChange(root, file);
  if (change === undefined) return false;
  const inSteps = (segmentsBelow(root, file)?.length ?? 0) > 2;
  return !inSteps || (change.session !== null && stepsWatched(change.session));
}

/** What a change of `file` means for the page, or undefined when the page does not care. */
export function classifyChange(root: string, file: string): ChangeEvent | undefined {
  const segments = segmentsBelow(root, file);
  if (segments === undefined) return undefined;
  const [session, second, third, fourth, fifth, ...deeper] = segments;
  if (session === undefined) return { session: null, what: "session" };
  // A hidden folder is no session (the index of unfinished sessions, its temp copies).
  if (session.startsWith(".")) return undefined;
  if (second === undefined) return { session, what: "session" };
  if (second === "state.json" && third === undefined) return { session, what: "state" };
  if (second === "events.jsonl" && third === undefined) return { session, what: "events" };
  if (second !== "steps") return undefined;
  if (third === undefined) return { session, what: "session" };
  const match = STEP_DIR.exec(third);
  if (!match) return undefined;
  const step = Number(match[1]) - 1;
  if (fourth === undefined) return { session, what: "artifacts", step };
  if (fourth === "codex.jsonl" && fifth === undefined) return { session, what: "activity", step };
  if (fourth === "artifacts" && deeper.length === 0) return { session, what: "artifacts", step };
  return undefined;
}

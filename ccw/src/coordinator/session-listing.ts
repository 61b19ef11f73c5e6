/**
 * Listing the sessions of a workspace without reading them all. Session ids are
 * `codex-coord-YYYYMMDD-HHMMSS-xxxx` (UTC creation time), so the names alone say which
 * sessions are newest: the newest N are found by reading only their state.json (in parallel),
 * whatever the number of sessions. Folders with other names (made by hand) carry no time in
 * their name, so they are always read. The order of the result is the order `list` has always
 * had: created_at, newest first, then the id.
 */
import type { SessionState } from "../session/state-schema.js";

/** A session id whose name carries its creation time; the capture sorts by that time. */
const TIMED_ID = /^codex-coord-(\d{8}-\d{6})-[0-9a-f]{4}$/;

/** The creation second in a ccw session id, or undefined for another name. */
export function idTime(id: string): string | undefined {
  return TIMED_ID.exec(id)?.[1];
}

/** Newest first by created_at, then by id (the order of `ccw coordinator list`). */
export function newestFirst(a: SessionState, b: SessionState): number {
  return a.created_at === b.created_at
    ? compareCodeUnits(b.session_id, a.session_id)
    : compareCodeUnits(b.created_at, a.created_at);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The folder names to read, in batches: first every name without a time and the newest
 * `want` timed names (extended to the end of their creation second, so that sessions of the
 * same second are ordered by created_at as a full listing would), then the next batches of
 * timed names, for when some of the first could not be read.
 */
export function readBatches(names: readonly string[], want: number): string[][] {
  const untimed = names.filter((name) => idTime(name) === undefined);
  const timed = names
    .filter((name) => idTime(name) !== undefined)
    .sort((a, b) => compareCodeUnits(b, a));
  const batches: string[][] = [];
  let start = 0;
  let first = true;
  while (first || start < timed.length) {
    let end = Math.min(timed.length, start + Math.max(1, want));
    const second = end > 0 ? idTime(timed[end - 1] as string) : undefined;
    while (end < timed.length && idTime(timed[end] as string) === second) end++;
    batches.push([...(first ? untimed : []), ...timed.slice(start, end)]);
    start = end;
    first = false;
  }
  return batches;
}

/**
 * A checkpoint: the working tree as git sees it (tracked and untracked files, not ignored ones,
 * not `.workflow/`) written as a commit object through the session's own index file, and kept
 * on a hidden ref. Only objects and `refs/ccw/...` are written to the repository.
 */
import { constants as fsConstants } from "node:fs";
import fs from "node:fs/promises";
import { gitText } from "./git-exec.js";
import { type CheckpointRepo, repoCall } from "./repository.js";

/** The pathspec of a checkpoint, relative to the workspace: all of it but `.workflow/`. */
export const CHECKPOINT_PATHSPEC = [".", ":(exclude).workflow"] as const;

/** The namespace of a session's refs. */
export function sessionRefPrefix(sessionId: string): string {
  return `refs/ccw/${sessionId}/`;
}

/** The ref of a step's checkpoint; `step` is 1-based, as the CLI numbers steps. */
export function stepRef(sessionId: string, step: number, side: "before" | "after"): string {
  return `${sessionRefPrefix(sessionId)}${step}/${side}`;
}

/** The ref of the present as restore `number` found it. */
export function restoreRef(sessionId: string, number: number): string {
  return `${sessionRefPrefix(sessionId)}restore-${number}`;
}

/**
 * Writes the working tree as a commit object and returns its id. The index file is created on
 * first use from a copy of the user's index, so `git add -A` re-reads only files whose stat
 * data changed, as `git stash create` does with the real index. Call it only under the
 * session's lock: a lock file on the session's index is then a leftover of a killed process,
 * and an index git cannot use is started again.
 */
export async function takeSnapshot(
  repo: CheckpointRepo,
  indexFile: string,
  message: string,
): Promise<string> {
  await fs.rm(`${indexFile}.lock`, { force: true });
  const git = (args: readonly string[]) =>
    gitText([...repo.gitArgs, ...args], repoCall(repo, indexFile));
  const existed = await exists(indexFile);
  if (!existed) await seedIndex(repo, indexFile);
  try {
    await git(["add", "-A", "--", ...CHECKPOINT_PATHSPEC]);
  } catch (error) {
    if (!existed) throw error;
    // A damaged session index (a crash mid-write, a disk error): start it again, once.
    await fs.rm(indexFile, { force: true });
    await seedIndex(repo, indexFile);
    await git(["add", "-A", "--", ...CHECKPOINT_PATHSPEC]);
  }
  const tree = await git(["write-tree"]);
  return await git(["commit-tree", tree, "-m", message]);
}

/**
 * Creates the session's index from a copy of the user's (never written back), without the
 * files the user tracks under .workflow/. Seeded under another name and renamed when ready, so
 * a seed that failed half-way is never taken for a finished one. Outside git, or in a
 * repository without an index yet, the index starts empty.
 */
async function seedIndex(repo: CheckpointRepo, indexFile: string): Promise<void> {
  const from = repo.userIndex;
  if (from === undefined || !(await exists(from))) return;
  const seed = `${indexFile}.seed`;
  try {
    await fs.copyFile(from, seed);
    await gitText(
      [...repo.gitArgs, "rm", "--cached", "-r", "-q", "--ignore-unmatch", "--", ".workflow"],
      repoCall(repo, seed),
    );
    await fs.rename(seed, indexFile);
  } finally {
    await fs.rm(seed, { force: true });
    await fs.rm(`${seed}.lock`, { force: true });
  }
}

/** Points `ref` at `oid` (no reflog: refs outside refs/heads are not logged by default). */
export async function setRef(repo: CheckpointRepo, ref: string, oid: string): Promise<void> {
  await gitText([...repo.gitArgs, "update-ref", ref, oid], repoCall(repo));
}

/** Points each ref at its commit in one transaction (one git process). */
export async function setRefs(
  repo: CheckpointRepo,
  refs: readonly (readonly [ref: string, oid: string])[],
): Promise<void> {
  if (refs.length === 0) return;
  const input = `start\n${refs.map(([ref, oid]) => `update ${ref} ${oid}\n`).join("")}commit\n`;
  await gitText([...repo.gitArgs, "update-ref", "--stdin"], { ...repoCall(repo), input });
}

/** Every ref of a session, by name. */
export async function sessionRefs(
  repo: CheckpointRepo,
  sessionId: string,
): Promise<Map<string, string>> {
  const text = await gitText(
    [
      ...repo.gitArgs,
      "for-each-ref",
      "--format=%(objectname) %(refname)",
      sessionRefPrefix(sessionId),
    ],
    repoCall(repo),
  );
  const refs = new Map<string, string>();
  for (const line of text.split("\n")) {
    const space = line.indexOf(" ");
    if (space > 0) refs.set(line.slice(space + 1), line.slice(0, space));
  }
  return refs;
}

/** Deletes every ref of a session; returns how many there were. */
export async function deleteSessionRefs(repo: CheckpointRepo, sessionId: string): Promise<number> {
  const refs = await sessionRefs(repo, sessionId);
  if (refs.size === 0) return 0;
  const input = [...refs].map(([ref, oid]) => `delete ${ref} ${oid}\n`).join("");
  await gitText([...repo.gitArgs, "update-ref", "--stdin"], { ...repoCall(repo), input });
  return refs.size;
}

/** Whether a commit object is in the repository (gc or a deleted repository may have taken it). */
export async function hasCommit(repo: CheckpointRepo, oid: string): Promise<boolean> {
  try {
    await gitText([...repo.gitArgs, "cat-file", "-e", `${oid}^{commit}`], repoCall(repo));
    return true;
  } catch {
    return false;
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file, fsConstants.F_OK).then(
    () => true,
    () => false,
  );
}

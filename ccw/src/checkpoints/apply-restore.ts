/**
 * Writes a restore plan into the working tree, and only there: each file from its blob
 * (written to a temp file and renamed into place), symlinks recreated, deleted files removed
 * with the folders they leave empty. The user's index is never read or written.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import type { CheckpointRepo } from "./repository.js";
import type { RestoreAction } from "./restore-plan.js";
import { checkoutToTemp } from "./temp-checkout.js";

/** The absolute path of a checkpoint path, refused if it would leave the work tree. */
export function workTreePath(topLevel: string, file: string): string {
  const absolute = path.resolve(topLevel, file);
  const relative = path.relative(topLevel, absolute);
  if (
    relative === "" ||
    relative.startsWith("..") ||
    path.isAbsolute(relative) ||
    relative.split(path.sep).some((part) => part.toLowerCase() === ".git")
  ) {
    throw new StorageError(
      `refusing to write ${JSON.stringify(file)}: it is outside the work tree`,
    );
  }
  return absolute;
}

/**
 * Applies `actions` towards checkpoint `oid` (deletes first, so a folder can replace a file);
 * files come from `git checkout-index --temp`, so filters and line endings are applied.
 */
export async function applyRestore(
  repo: CheckpointRepo,
  oid: string,
  actions: readonly RestoreAction[],
  scratchIndex: string,
): Promise<string[]> {
  const writes = actions.filter((action) => action.action === "write");
  const temps = await checkoutToTemp(
    repo,
    oid,
    writes.map((action) => action.path),
    scratchIndex,
  );
  const done: string[] = [];
  try {
    for (const action of actions.filter((candidate) => candidate.action === "delete")) {
      const file = workTreePath(repo.topLevel, action.path);
      await attempt(action.path, () => fs.rm(file, { force: true }));
      await removeEmptyParents(repo.topLevel, path.dirname(file));
      done.push(action.path);
    }
    for (const action of writes) {
      const file = workTreePath(repo.topLevel, action.path);
      const temp = temps.get(action.path);
      if (!temp) throw new StorageError(`git checkout-index did not write ${action.path}`);
      await attempt(action.path, () => putInPlace(temp, file, action.mode));
      done.push(action.path);
    }
  } finally {
    for (const temp of temps.values()) await fs.rm(temp, { force: true });
  }
  return done;
}

/** Moves a checked-out temp file to `file`; a symlink's temp file holds its target. */
async function putInPlace(temp: string, file: string, mode: string | undefined): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  if (mode === "120000") {
    const target = await fs.readFile(temp, "utf8");
    await fs.rm(temp, { force: true });
    await fs.rm(file, { force: true });
    await fs.symlink(target, file);
    return;
  }
  await fs.chmod(temp, mode === "100755" ? 0o755 : 0o644);
  await fs.rename(temp, file);
}

async function attempt(file: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    throw new StorageError(`cannot restore ${file}: ${describeFsError(error)}`, {
      hint: "The paths before it in the list were restored; fix the cause and restore again (or undo).",
      cause: error,
    });
  }
}

async function removeEmptyParents(topLevel: string, dir: string): Promise<void> {
  let current = dir;
  while (current.startsWith(topLevel + path.sep) && current !== topLevel) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // not empty, or gone: either way, stop here
    }
    current = path.dirname(current);
  }
}

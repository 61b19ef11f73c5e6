/**
 * Writes a restore plan into the working tree, and only there: each file from its blob
 * (written to a temp file and renamed into place), symlinks recreated, deleted files removed
 * with the folders they leave empty. The user's index is never read or written.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import { readBlobs } from "./blob-reader.js";
import type { CheckpointRepo } from "./repository.js";
import type { RestoreAction } from "./restore-plan.js";

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

/** Applies `actions` (deletes first, so a folder can replace a file); returns the paths changed. */
export async function applyRestore(
  repo: CheckpointRepo,
  actions: readonly RestoreAction[],
): Promise<string[]> {
  const writes = actions.filter((action) => action.action === "write");
  const blobs = await readBlobs(
    repo,
    writes.map((action) => action.oid ?? ""),
  );
  const done: string[] = [];
  for (const action of actions.filter((candidate) => candidate.action === "delete")) {
    const file = workTreePath(repo.topLevel, action.path);
    await attempt(action.path, () => fs.rm(file, { force: true }));
    await removeEmptyParents(repo.topLevel, path.dirname(file));
    done.push(action.path);
  }
  for (const action of writes) {
    const file = workTreePath(repo.topLevel, action.path);
    const content = blobs.get(action.oid ?? "");
    if (!content) throw new StorageError(`no content for ${action.path}`);
    await attempt(action.path, async () => {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temp = path.join(
        path.dirname(file),
        `.${path.basename(file).slice(0, 40)}.ccw-restore-${Math.random().toString(16).slice(2, 10)}`,
      );
      await fs.rm(temp, { force: true });
      if (action.mode === "120000") {
        await fs.symlink(content.toString("utf8"), temp);
      } else {
        await fs.writeFile(temp, content, { mode: action.mode === "100755" ? 0o755 : 0o644 });
      }
      try {
        await fs.rename(temp, file);
      } catch (error) {
        await fs.rm(temp, { force: true });
        throw error;
      }
    });
    done.push(action.path);
  }
  return done;
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

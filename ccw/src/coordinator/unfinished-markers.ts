/**
 * Keeps the index of unfinished sessions (session/unfinished-index.ts) a superset of them: a
 * session's marker is written before its state.json can say it is unfinished, and removed only
 * after its state.json says it is completed or aborted. A missing index is built from a scan
 * of the sessions in a temp folder renamed into place, so a reader sees no index or a whole
 * one; when two processes build it at once, one rename wins and the other adds its marker to
 * the winner's.
 */
import { writeFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import { UNFINISHED_STATUSES, unfinishedIndexDir } from "../session/unfinished-index.js";

/** Writes the marker of session `id`, building the index first when it is missing. */
export async function markUnfinished(sessionsRoot: string, id: string): Promise<void> {
  const index = unfinishedIndexDir(sessionsRoot);
  try {
    writeFileSync(path.join(index, id), "");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw storageError(index, error);
    await buildIndex(sessionsRoot);
    try {
      writeFileSync(path.join(index, id), "");
    } catch (retryError) {
      throw storageError(index, retryError);
    }
  }
}

/** Removes the marker of session `id` (after its final state.json is written). */
export async function unmarkUnfinished(sessionsRoot: string, id: string): Promise<void> {
  const marker = path.join(unfinishedIndexDir(sessionsRoot), id);
  try {
    await fs.rm(marker, { force: true });
  } catch (error) {
    throw storageError(marker, error);
  }
}

/** Whether a session folder's status (status.json, else state.json) may be unfinished. */
async function mayBeUnfinished(dir: string): Promise<boolean> {
  for (const name of ["status.json", "state.json"]) {
    try {
      const value: unknown = JSON.parse(await readRegularFile(path.join(dir, name)));
      const status =
        typeof value === "object" && value !== null && "status" in value ? value.status : "";
      if (typeof status === "string") return UNFINISHED_STATUSES.has(status);
    } catch {
      // missing or unreadable: try the other file, and count it in when neither says
    }
  }
  return true;
}

async function buildIndex(sessionsRoot: string): Promise<void> {
  const index = unfinishedIndexDir(sessionsRoot);
  const temp = `${index}-${process.pid}-${Math.random().toString(16).slice(2, 8)}`;
  try {
    await fs.mkdir(sessionsRoot, { recursive: true });
    await fs.mkdir(temp);
    const entries = await fs.readdir(sessionsRoot, { withFileTypes: true });
    const sessions = entries.filter((e) => e.isDirectory() && !e.name.startsWith("."));
    const unfinished = await Promise.all(
      sessions.map(async (e) =>
        (await mayBeUnfinished(path.join(sessionsRoot, e.name))) ? e.name : "",
      ),
    );
    for (const id of unfinished) if (id !== "") await fs.writeFile(path.join(temp, id), "");
    await fs.rename(temp, index).catch((error: NodeJS.ErrnoException) => {
      // Another process built it first: theirs stands.
      if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
    });
  } catch (error) {
    throw storageError(index, error);
  } finally {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
  }
}

function storageError(file: string, error: unknown): StorageError {
  return new StorageError(`cannot update ${file}: ${describeFsError(error)}`, {
    hint: "Check that the workspace is writable.",
    cause: error,
  });
}

import { randomInt } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";

/**
 * Writes `data` to `file` so that a reader, or a crash at any moment, sees either the old
 * content or the new one, never a mix: the data goes to a new temp file in the same folder
 * (`<file>.<digits>`), which is fsynced and then renamed over the target. `durable: false`
 * skips the fsync, for files derived from others (a crash of ccw still never shows a mix; only
 * a power loss could lose the latest version, which the next write recreates).
 *
 * Written here rather than with write-file-atomic: that library resolves the target's real
 * path one component at a time and copies owner and mode on every call, which made each write
 * of a session file several times slower; the coordinator writes a few files per step.
 */
export async function writeFileAtomically(
  file: string,
  data: string,
  options: { durable?: boolean } = {},
): Promise<void> {
  const temp = `${file}.${randomInt(1e9, 1e10)}`;
  try {
    const handle = await open(temp, "wx", 0o644);
    try {
      await handle.writeFile(data, "utf8");
      if (options.durable ?? true) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw new StorageError(`cannot write ${file}: ${describeFsError(error)}`, {
      hint: "Check that the folder exists and is writable, and that the disk is not full.",
      cause: error,
    });
  }
}

/**
 * Whether `name` (a file name in the target's folder) is a temp file that an interrupted
 * atomic write of `target` left behind: `<target>.<digits>`.
 */
export function isAtomicTempFileOf(name: string, target: string): boolean {
  const base = path.basename(target);
  return name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1));
}

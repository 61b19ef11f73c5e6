import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { describeFsError, StorageError } from "../errors.js";

/**
 * Writes `data` to `file` so that a reader, or a crash at any moment, sees either the old
 * content or the new one, never a mix: write-file-atomic writes a temp file in the same
 * folder, fsyncs it and renames it over the target. `durable: false` skips the fsync, for
 * files derived from others (a crash of ccw still never shows a mix; only a power loss could
 * lose the latest version, which the next write recreates).
 */
export async function writeFileAtomically(
  file: string,
  data: string,
  options: { durable?: boolean } = {},
): Promise<void> {
  try {
    await writeFileAtomic(file, data, { encoding: "utf8", fsync: options.durable ?? true });
  } catch (error) {
    throw new StorageError(`cannot write ${file}: ${describeFsError(error)}`, {
      hint: "Check that the folder exists and is writable, and that the disk is not full.",
      cause: error,
    });
  }
}

/**
 * Whether `name` (a file name in the target's folder) is a temp file that an interrupted
 * atomic write of `target` left behind: write-file-atomic names them `<target>.<uint32>`.
 */
export function isAtomicTempFileOf(name: string, target: string): boolean {
  const base = path.basename(target);
  return name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1));
}

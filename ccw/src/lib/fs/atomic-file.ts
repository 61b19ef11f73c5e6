import {
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { describeFsError, StorageError } from "../../errors.js";

/**
 * Writes `data` to `file` so that a reader, or a crash at any moment, sees either the old
 * content or the new one, never a mix: the data goes to a new temp file in the same folder
 * (`<file>.<digits>`), which is fsynced and then renamed over the target. `durable: false`
 * skips the fsync, for files derived from others (a crash of ccw still never shows a mix; only
 * a power loss could lose the latest version, which the next write recreates).
 *
 * Written here rather than with write-file-atomic: that library resolves the target's real
 * path one component at a time and copies owner and mode on every call, which made each write
 * of a session file several times slower; the coordinator writes a few files per step. The
 * calls are synchronous behind the promise: the files are small, and each `fs.promises` call
 * costs a round trip to the thread pool, which made a state.json write take five times as long
 * (with the session folder's other files, creating a session went from 11 ms to 2 ms).
 */
export async function writeFileAtomically(
  file: string,
  data: string,
  options: {
    durable?: boolean;
    /**
     * For files a user owns (settings.json, installed prompts): a symbolic link (a dotfiles
     * manager's) is written through, so it stays a link and its target gets the content, and
     * the file keeps its permissions (a private 0600 file stays private).
     */
    preserve?: boolean;
  } = {},
): Promise<void> {
  let target = file;
  let temp = tempNameFor(file);
  try {
    let mode = 0o644;
    if (options.preserve) {
      target = linkTarget(file);
      temp = tempNameFor(target);
      mode = statOrUndefined(target)?.mode ?? mode;
    }
    const fd = openSync(temp, "wx", 0o644);
    try {
      if (options.preserve) fchmodSync(fd, mode & 0o7777);
      const bytes = Buffer.from(data, "utf8");
      for (let written = 0; written < bytes.length; ) {
        written += writeSync(fd, bytes, written);
      }
      if (options.durable ?? true) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // the temp file stays; the error below is the one to report
    }
    throw new StorageError(`cannot write ${target}: ${describeFsError(error)}`, {
      hint: "Check that the folder exists and is writable, and that the disk is not full.",
      cause: error,
    });
  }
}

/** The file `file` leads to through symbolic links (itself when it is none); it may not exist. */
function linkTarget(file: string): string {
  let current = file;
  for (let hops = 0; hops < 40; hops++) {
    if (!statOrUndefined(current, lstatSync)?.isSymbolicLink()) return current;
    current = path.resolve(path.dirname(current), readlinkSync(current, "utf8"));
  }
  throw new Error(`too many levels of symbolic links at ${file}`);
}

function statOrUndefined(file: string, how: typeof statSync | typeof lstatSync = statSync) {
  try {
    return how(file);
  } catch {
    return undefined;
  }
}

/**
 * A temp file name next to `file`: `<file>.<ten digits>`. Only uniqueness matters (the file is
 * created exclusively), not unpredictability, so Math.random serves and node:crypto need not load.
 */
function tempNameFor(file: string): string {
  return `${file}.${Math.floor(1e9 + Math.random() * 9e9)}`;
}

/**
 * Whether `name` (a file name in the target's folder) is a temp file that an interrupted
 * atomic write of `target` left behind: `<target>.<digits>`.
 */
export function isAtomicTempFileOf(name: string, target: string): boolean {
  const base = path.basename(target);
  return name.startsWith(`${base}.`) && /^\d+$/.test(name.slice(base.length + 1));
}

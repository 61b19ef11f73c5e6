/**
 * Loads Markdown files of a registry source and caches what they parse to, keyed on path,
 * mtime and size: a second listing of unchanged files stats them but does not read them.
 * Symbolic links, directories, oversized and unreadable files become diagnostics.
 *
 * A key is trusted only once the file's mtime is older than RACY_MS at the time it was
 * taken: on a file system with coarse timestamps (FAT: 2 s), a change made within the same
 * tick would otherwise keep the old mtime and go unseen ("racy" entries, as git calls them).
 */
import { describeFsError } from "../../errors.js";
import type { Diagnostic } from "./diagnostic.js";
import { MAX_MARKDOWN_FILE_BYTES, tooLargeMessage } from "./frontmatter.js";
import {
  type DirectoryEntry,
  type EntryKind,
  errorCode,
  type FileStats,
  type RegistryFiles,
} from "./registry-fs.js";

/** What a parser makes of a file's bytes. */
export type ParseOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The result of loading one directory entry. */
export type LoadOutcome<T> =
  | { readonly status: "loaded"; readonly value: T; readonly cached: boolean }
  /** The file exists but cannot be used. `cached` is false for problems that may pass. */
  | {
      readonly status: "invalid";
      readonly diagnostics: readonly Diagnostic[];
      readonly cached: boolean;
    }
  /** The entry disappeared between the directory read and the stat. */
  | { readonly status: "gone" };

/** One directory entry to load. */
export interface LoadRequest {
  readonly file: string;
  readonly kind: EntryKind;
}

/** Timestamps closer than this to the moment they were read are not trusted as keys. */
export const RACY_MS = 2000;

/** The clock the caches compare mtimes with (milliseconds, like Date.now). */
export type Clock = () => number;

interface CacheEntry<T> {
  readonly mtimeMs: number;
  readonly size: number;
  /** Whether the mtime was older than RACY_MS when the entry was made. */
  readonly settled: boolean;
  /** What a cache hit returns, made once. */
  readonly hit: LoadOutcome<T>;
}

export class MarkdownFileCache<T> {
  readonly #files: RegistryFiles;
  readonly #now: Clock;
  readonly #entries = new Map<string, CacheEntry<T>>();

  constructor(files: RegistryFiles, now: Clock = Date.now) {
    this.#files = files;
    this.#now = now;
  }

  /**
   * Loads every request, in order. Each file is stat'ed and answered from the cache when path,
   * mtime and size are unchanged, else read and parsed. All of it is synchronous, one file
   * after another (registry-fs.ts says why).
   */
  loadAll<R extends LoadRequest>(
    requests: readonly R[],
    parse: (request: R, bytes: Uint8Array) => ParseOutcome<T>,
  ): LoadOutcome<T>[] {
    // Taken before any stat, so that "older than RACY_MS" errs on the safe side.
    const startedAt = this.#now();
    return requests.map((request) => {
      const checked = this.#check(request);
      if ("status" in checked) return checked;
      return this.#settle(
        request,
        checked,
        this.#read(request.file, checked.size),
        startedAt,
        (bytes) => parse(request, bytes),
      );
    });
  }

  #read(file: string, size: number): Uint8Array | { error: unknown } {
    try {
      return this.#files.readSync(file, size);
    } catch (error) {
      return { error };
    }
  }

  /** Forgets one file (a watcher saw it change). */
  delete(file: string): void {
    this.#entries.delete(file);
  }

  /** Forgets every file. */
  clear(): void {
    this.#entries.clear();
  }

  /** The outcome without reading, or the file's stats when it must be read. */
  #check({ file, kind }: LoadRequest): LoadOutcome<T> | FileStats {
    // A FIFO, socket or device is never opened: that could block.
    if (kind === "other") return this.#invalidKind(file, kind, "other");
    let stats: FileStats;
    try {
      stats = this.#files.statSync(file);
    } catch (error) {
      return this.#failed(file, kind, error);
    }
    if (stats.kind !== "file") return this.#invalidKind(file, kind, stats.kind);
    if (stats.size > MAX_MARKDOWN_FILE_BYTES) return invalid(file, tooLargeMessage(stats.size));
    const cached = this.#entries.get(file);
    if (cached?.settled && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
      return cached.hit;
    }
    return stats;
  }

  #settle(
    { file, kind }: LoadRequest,
    stats: FileStats,
    read: Uint8Array | { error: unknown },
    startedAt: number,
    parse: (bytes: Uint8Array) => ParseOutcome<T>,
  ): LoadOutcome<T> {
    if (!(read instanceof Uint8Array)) return this.#failed(file, kind, read.error);
    // The file grew past the limit between the stat and the read.
    if (read.byteLength > MAX_MARKDOWN_FILE_BYTES)
      return invalid(file, tooLargeMessage(read.byteLength));
    const outcome = parse(read);
    // The key is the stat taken before the read: if the file changed in between, the next
    // listing sees a different key and reads it again, never the other way round.
    this.#entries.set(file, {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      settled: stats.mtimeMs < startedAt - RACY_MS,
      hit: fromParse(outcome, true),
    });
    return fromParse(outcome, false);
  }

  #failed(file: string, kind: EntryKind, error: unknown): LoadOutcome<T> {
    const code = errorCode(error);
    if (code === "ELOOP")
      return invalid(file, "symbolic link loop; point the link at a Markdown file");
    if (kind === "symlink" && (code === "ENOENT" || code === "ENOTDIR")) {
      return invalid(
        file,
        `broken symbolic link: its target ${this.#linkTarget(file)} does not exist; fix the link or remove it`,
      );
    }
    if (code === "ENOENT") {
      this.#entries.delete(file);
      return { status: "gone" };
    }
    return invalid(file, `cannot read: ${describeFsError(error)}`);
  }

  #invalidKind(file: string, kind: EntryKind, actual: FileStats["kind"]): LoadOutcome<T> {
    if (actual === "directory") {
      const what =
        kind === "symlink"
          ? `a symbolic link to a directory (${this.#linkTarget(file)})`
          : "a directory";
      return invalid(file, `is ${what}, not a Markdown file; only files ending in .md are read`);
    }
    return invalid(file, "is not a regular file (a FIFO, socket or device); only files are read");
  }

  #linkTarget(file: string): string {
    try {
      return this.#files.readlinkSync(file);
    } catch {
      return "(unreadable)";
    }
  }
}

function invalid<T>(file: string, message: string): LoadOutcome<T> {
  return { status: "invalid", diagnostics: [{ file, message }], cached: false };
}

function fromParse<T>(outcome: ParseOutcome<T>, cached: boolean): LoadOutcome<T> {
  return outcome.ok
    ? { status: "loaded", value: outcome.value, cached }
    : { status: "invalid", diagnostics: outcome.diagnostics, cached };
}

/**
 * Reads folders and keeps what a caller derives from their entries while the folder's mtime
 * is unchanged (creating, deleting or renaming an entry changes it), so a warm listing of an
 * unchanged folder does not read it again.
 */
export class DirectoryCache<T> {
  readonly #files: RegistryFiles;
  readonly #now: Clock;
  readonly #entries = new Map<string, { readonly mtimeMs: number; readonly value: T }>();

  constructor(files: RegistryFiles, now: Clock = Date.now) {
    this.#files = files;
    this.#now = now;
  }

  /** `derive(entries of dir)`, from the cache when the folder is unchanged. */
  async read(
    dir: string,
    derive: (entries: readonly DirectoryEntry[]) => T,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const startedAt = this.#now();
    let mtimeMs: number | undefined;
    try {
      const stats = this.#files.statSync(dir);
      if (stats.kind === "directory") mtimeMs = stats.mtimeMs;
    } catch (error) {
      this.#entries.delete(dir);
      return { ok: false, error };
    }
    const cached = this.#entries.get(dir);
    if (mtimeMs !== undefined && cached?.mtimeMs === mtimeMs)
      return { ok: true, value: cached.value };
    try {
      // Stat first, read second: a change in between shows as a new mtime next time.
      const value = derive(await this.#files.readdir(dir));
      // A folder changed within RACY_MS of this read is read again next time (see RACY_MS).
      if (mtimeMs !== undefined && mtimeMs < startedAt - RACY_MS) {
        this.#entries.set(dir, { mtimeMs, value });
      } else {
        this.#entries.delete(dir);
      }
      return { ok: true, value };
    } catch (error) {
      this.#entries.delete(dir);
      return { ok: false, error };
    }
  }

  /** Forgets one folder (a watcher saw an entry come or go). */
  delete(dir: string): void {
    this.#entries.delete(dir);
  }

  clear(): void {
    this.#entries.clear();
  }
}

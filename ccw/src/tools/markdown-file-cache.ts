/**
 * Loads Markdown files of a registry source and caches what they parse to, keyed on path,
 * mtime and size: a second listing of unchanged files stats them but does not read them.
 * Symbolic links, directories, oversized and unreadable files become diagnostics.
 */
import { describeFsError } from "../errors.js";
import type { Diagnostic } from "./diagnostic.js";
import { MAX_MARKDOWN_FILE_BYTES, tooLargeMessage } from "./frontmatter.js";
import { type EntryKind, errorCode, type RegistryFiles } from "./registry-fs.js";

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

interface CacheEntry<T> {
  readonly mtimeMs: number;
  readonly size: number;
  readonly outcome: ParseOutcome<T>;
}

export class MarkdownFileCache<T> {
  readonly #files: RegistryFiles;
  readonly #entries = new Map<string, CacheEntry<T>>();

  constructor(files: RegistryFiles) {
    this.#files = files;
  }

  /**
   * Stats `file` (a directory entry of kind `kind`) and returns its parsed value, from the
   * cache when path, mtime and size are unchanged, else by reading it and calling `parse`.
   */
  async load(
    file: string,
    kind: EntryKind,
    parse: (bytes: Uint8Array) => ParseOutcome<T>,
  ): Promise<LoadOutcome<T>> {
    const invalid = (message: string): LoadOutcome<T> => ({
      status: "invalid",
      diagnostics: [{ file, message }],
      cached: false,
    });
    let stats: Awaited<ReturnType<RegistryFiles["stat"]>>;
    try {
      stats = await this.#files.stat(file);
    } catch (error) {
      const code = errorCode(error);
      if (code === "ELOOP") return invalid("symbolic link loop; point the link at a Markdown file");
      if (kind === "symlink" && (code === "ENOENT" || code === "ENOTDIR")) {
        const target = await this.#files.readlink(file).catch(() => "an unknown target");
        return invalid(
          `broken symbolic link: its target ${target} does not exist; fix the link or remove it`,
        );
      }
      if (code === "ENOENT") {
        this.#entries.delete(file);
        return { status: "gone" };
      }
      return invalid(`cannot read: ${describeFsError(error)}`);
    }
    if (stats.kind === "directory") {
      const what =
        kind === "symlink"
          ? `a symbolic link to a directory (${await this.#files.readlink(file).catch(() => "?")})`
          : "a directory";
      return invalid(`is ${what}, not a Markdown file; only files ending in .md are read`);
    }
    if (stats.kind !== "file") {
      return invalid("is not a regular file (a FIFO, socket or device); only files are read");
    }
    if (stats.size > MAX_MARKDOWN_FILE_BYTES) return invalid(tooLargeMessage(stats.size));

    const cached = this.#entries.get(file);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) {
      return fromParse(cached.outcome, true);
    }
    let bytes: Uint8Array;
    try {
      bytes = await this.#files.readFile(file);
    } catch (error) {
      return invalid(`cannot read: ${describeFsError(error)}`);
    }
    const outcome = parse(bytes);
    // The key is the stat taken before the read: if the file changed in between, the next
    // listing sees a different key and reads it again, never the other way round.
    this.#entries.set(file, { mtimeMs: stats.mtimeMs, size: stats.size, outcome });
    return fromParse(outcome, false);
  }

  /** Forgets one file (a watcher saw it change). */
  delete(file: string): void {
    this.#entries.delete(file);
  }

  /** Forgets every file. */
  clear(): void {
    this.#entries.clear();
  }
}

function fromParse<T>(outcome: ParseOutcome<T>, cached: boolean): LoadOutcome<T> {
  return outcome.ok
    ? { status: "loaded", value: outcome.value, cached }
    : { status: "invalid", diagnostics: outcome.diagnostics, cached };
}

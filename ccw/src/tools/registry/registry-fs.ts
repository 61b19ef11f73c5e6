/**
 * The file system the registries read through. It is a parameter so that unit tests run on
 * memfs; by default it is node's `fs`. Files are stat'ed and read synchronously: on a local
 * disk a thread-pool round trip costs more than the call itself, so reading the files one
 * after another took half the time of 32 callback `readFile`s at once, for 1,000 and 10,000
 * prompts alike (docs/prompts.md, "Speed"). A read is open, read, close: the size is known
 * from the stat the cache takes anyway, so the fstat of `readFileSync` is not needed.
 */
import nodeFs from "node:fs";

type FsCallback = (error: unknown, value?: unknown) => void;

/** The calls the registries make. Node's `fs` module and memfs's `fs` both fit. */
export interface RegistryFs {
  readdir(path: string, options: { withFileTypes: true }, callback: FsCallback): void;
  openSync(path: string, flags: "r"): number;
  readSync(
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
  closeSync(fd: number): void;
  realpath(path: string, callback: FsCallback): void;
  statSync(path: string): unknown;
  readlinkSync(path: string): unknown;
}

/** What a directory entry is, as far as readdir tells without following links. */
export type EntryKind = "file" | "directory" | "symlink" | "other";

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

/** The part of a stat result the registries use (links followed). */
export interface FileStats {
  readonly kind: "file" | "directory" | "other";
  readonly size: number;
  readonly mtimeMs: number;
}

/** Typed wrappers over a RegistryFs that check the shapes they get back. */
export class RegistryFiles {
  readonly #fs: RegistryFs;

  constructor(fs: RegistryFs = nodeFs) {
    this.#fs = fs;
  }

  readdir(dir: string): Promise<DirectoryEntry[]> {
    return new Promise((resolve, reject) => {
      this.#fs.readdir(dir, { withFileTypes: true }, (error, value) => {
        if (error) return reject(error);
        if (!Array.isArray(value)) return reject(unexpected("readdir", dir));
        resolve(value.map(toEntry));
      });
    });
  }

  /**
   * Reads `file` whole, expecting `size` bytes (a stat just taken); a file that grew since is
   * still read to its end. A read that returns less than asked is taken as the end of the
   * file, as it is for regular files. Throws the file system's error.
   */
  readSync(file: string, size: number): Uint8Array {
    const fd = this.#fs.openSync(file, "r");
    try {
      // One byte more than expected, to see whether the file grew in between.
      let buffer = Buffer.allocUnsafe(size + 1);
      let length = 0;
      for (;;) {
        const wanted = buffer.length - length;
        const read = this.#fs.readSync(fd, buffer, length, wanted, length);
        length += read;
        if (read < wanted) return buffer.subarray(0, length);
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger);
        buffer = larger;
      }
    } finally {
      this.#fs.closeSync(fd);
    }
  }

  realpath(file: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#fs.realpath(file, (error, value) => {
        if (error) return reject(error);
        const text = asText(value);
        if (text === undefined) return reject(unexpected("realpath", file));
        resolve(text);
      });
    });
  }

  /** Stats `file`, following links; throws the file system's error. */
  statSync(file: string): FileStats {
    const stats = toStats(this.#fs.statSync(file));
    if (!stats) throw unexpected("stat", file);
    return stats;
  }

  /** The target of the symbolic link `file`; throws the file system's error. */
  readlinkSync(file: string): string {
    const text = asText(this.#fs.readlinkSync(file));
    if (text === undefined) throw unexpected("readlink", file);
    return text;
  }
}

function unexpected(call: string, file: string): Error {
  return new Error(`${call} ${file}: the file system returned an unexpected value`);
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return undefined;
}

interface TypeTests {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

function hasTypeTests(value: unknown): value is TypeTests {
  return (
    typeof value === "object" &&
    value !== null &&
    "isFile" in value &&
    typeof value.isFile === "function" &&
    "isDirectory" in value &&
    typeof value.isDirectory === "function" &&
    "isSymbolicLink" in value &&
    typeof value.isSymbolicLink === "function"
  );
}

function toStats(value: unknown): FileStats | undefined {
  if (!hasTypeTests(value) || !("size" in value) || !("mtimeMs" in value)) return undefined;
  const kind = value.isFile() ? "file" : value.isDirectory() ? "directory" : "other";
  return { kind, size: Number(value.size), mtimeMs: Number(value.mtimeMs) };
}

function toEntry(value: unknown): DirectoryEntry {
  if (!hasTypeTests(value) || !("name" in value)) return { name: String(value), kind: "other" };
  const name = asText(value.name) ?? String(value.name);
  const kind: EntryKind = value.isSymbolicLink()
    ? "symlink"
    : value.isFile()
      ? "file"
      : value.isDirectory()
        ? "directory"
        : "other";
  return { name, kind };
}

/** The `code` of a file-system error (`ENOENT`, ...), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === "object" && error !== null && "code" in error) {
    return typeof error.code === "string" ? error.code : undefined;
  }
  return undefined;
}

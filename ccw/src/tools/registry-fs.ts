/**
 * The file system the registries read through. It is a parameter so that unit tests run on
 * memfs; by default it is node's `fs`. The registries use the callback API (promisified
 * here): on Node 20 it reads a file two to three times faster than `fs.promises`, which
 * matters for a listing of thousands of prompts.
 */
import nodeFs from "node:fs";

type FsCallback = (error: unknown, value?: unknown) => void;

/** The calls the registries make. Node's `fs` module and memfs's `fs` both fit. */
export interface RegistryFs {
  readdir(path: string, options: { withFileTypes: true }, callback: FsCallback): void;
  stat(path: string, callback: FsCallback): void;
  lstat(path: string, callback: FsCallback): void;
  readFile(path: string, callback: FsCallback): void;
  readlink(path: string, callback: FsCallback): void;
  realpath(path: string, callback: FsCallback): void;
}

/** What a directory entry is, as far as readdir tells without following links. */
export type EntryKind = "file" | "directory" | "symlink" | "other";

export interface DirectoryEntry {
  readonly name: string;
  readonly kind: EntryKind;
}

/** The part of a stat result the registries use. */
export interface FileStats {
  readonly kind: "file" | "directory" | "other";
  readonly size: number;
  readonly mtimeMs: number;
}

/** Promise wrappers over a RegistryFs that check the shapes they get back. */
export class RegistryFiles {
  readonly #fs: RegistryFs;

  constructor(fs: RegistryFs = nodeFs) {
    this.#fs = fs;
  }

  readdir(dir: string): Promise<DirectoryEntry[]> {
    return new Promise((resolve, reject) => {
      this.#fs.readdir(dir, { withFileTypes: true }, (error, value) => {
        if (error) return reject(error);
        if (!Array.isArray(value)) return reject(new Error(`readdir ${dir}: unexpected result`));
        resolve(value.map(toEntry));
      });
    });
  }

  stat(file: string): Promise<FileStats> {
    return this.#statWith("stat", file);
  }

  lstat(file: string): Promise<FileStats & { readonly symlink: boolean }> {
    return new Promise((resolve, reject) => {
      this.#fs.lstat(file, (error, value) => {
        if (error) return reject(error);
        const stats = toStats(value);
        if (!stats) return reject(new Error(`lstat ${file}: unexpected result`));
        resolve({ ...stats, symlink: isStatsLike(value) && value.isSymbolicLink() });
      });
    });
  }

  readFile(file: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.#fs.readFile(file, (error, value) => {
        if (error) return reject(error);
        if (value instanceof Uint8Array) return resolve(value);
        if (typeof value === "string") return resolve(new TextEncoder().encode(value));
        reject(new Error(`readFile ${file}: unexpected result`));
      });
    });
  }

  readlink(file: string): Promise<string> {
    return this.#stringCall("readlink", file);
  }

  realpath(file: string): Promise<string> {
    return this.#stringCall("realpath", file);
  }

  #statWith(call: "stat", file: string): Promise<FileStats> {
    return new Promise((resolve, reject) => {
      this.#fs[call](file, (error, value) => {
        if (error) return reject(error);
        const stats = toStats(value);
        if (!stats) return reject(new Error(`${call} ${file}: unexpected result`));
        resolve(stats);
      });
    });
  }

  #stringCall(call: "readlink" | "realpath", file: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#fs[call](file, (error, value) => {
        if (error) return reject(error);
        if (typeof value === "string") return resolve(value);
        if (value instanceof Uint8Array) return resolve(new TextDecoder().decode(value));
        reject(new Error(`${call} ${file}: unexpected result`));
      });
    });
  }
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

function isStatsLike(value: unknown): value is TypeTests & { size: unknown; mtimeMs: unknown } {
  return hasTypeTests(value) && "size" in value && "mtimeMs" in value;
}

function toStats(value: unknown): FileStats | undefined {
  if (!isStatsLike(value)) return undefined;
  const kind = value.isFile() ? "file" : value.isDirectory() ? "directory" : "other";
  return { kind, size: Number(value.size), mtimeMs: Number(value.mtimeMs) };
}

function toEntry(value: unknown): DirectoryEntry {
  if (!hasTypeTests(value) || !("name" in value)) return { name: String(value), kind: "other" };
  const name =
    value.name instanceof Uint8Array ? new TextDecoder().decode(value.name) : String(value.name);
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

/** Runs `task` over `items` with at most `limit` running at once; results keep input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

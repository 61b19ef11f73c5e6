import path from "node:path";
import { describeFsError } from "../errors.js";
import type { EvidenceFs } from "./evidence-fs.js";
import { compareCodeUnits } from "./report.js";

/** A path written in a table, checked without touching the disk. */
export type RepoPath =
  | { readonly ok: true; readonly relative: string }
  | { readonly ok: false; readonly kind: "path-absolute" | "path-escapes-root" };

/**
 * Normalises a path written in a table to a `/`-separated path relative to the repository
 * root. Absolute paths (`/x`, `~/x`, `C:\x`, `\\server`, URLs) and paths whose `..` climb
 * above the root are refused here; symlinks are checked on disk by `RepoFiles.locate`.
 */
export function normalizeRepoPath(text: string): RepoPath {
  const slashed = text.trim().replace(/\\/g, "/");
  if (/^(\/|~|[A-Za-z]:|[A-Za-z][A-Za-z0-9+.-]*:\/\/)/.test(slashed)) {
    return { ok: false, kind: "path-absolute" };
  }
  const normalized = path.posix.normalize(slashed).replace(/\/+$/, "");
  if (normalized === ".." || normalized.startsWith("../")) {
    return { ok: false, kind: "path-escapes-root" };
  }
  return { ok: true, relative: normalized === "" ? "." : normalized };
}

/** Where a repository path leads on disk. */
export type Location =
  | { readonly kind: "file" | "directory" | "other"; readonly real: string }
  | { readonly kind: "missing" }
  | { readonly kind: "outside" }
  | { readonly kind: "error"; readonly message: string };

/** Whether `candidate` is `root` or lies below it (both absolute and resolved). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative === "" ||
    (relative !== ".." && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
  );
}

const MAX_TEXT_BYTES = 16 * 1024 * 1024;
const MAX_WALK_FILES = 20_000;

function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
}

/**
 * The repository as the gate sees it: every lookup is confined to the root (through
 * symlinks too, by real paths) and cached for the run, so a file named by many rows is
 * resolved and read once.
 */
export class RepoFiles {
  private readonly locations = new Map<string, Promise<Location>>();
  private readonly texts = new Map<string, Promise<{ text: string } | { error: string }>>();

  /** `root` must be a real path (no symlinks in it). */
  constructor(
    readonly root: string,
    private readonly fs: EvidenceFs,
  ) {}

  /** Where a normalised relative path leads; `outside` when a symlink leaves the root. */
  locate(relative: string): Promise<Location> {
    let location = this.locations.get(relative);
    if (location === undefined) {
      location = this.locateUncached(relative);
      this.locations.set(relative, location);
    }
    return location;
  }

  private async locateUncached(relative: string): Promise<Location> {
    const absolute = path.resolve(this.root, ...relative.split("/"));
    let real: string;
    try {
      real = await this.fs.realpath(absolute);
    } catch (error) {
      const code = errorCode(error);
      if (code === "ENOENT" || code === "ENOTDIR") return this.locateMissing(absolute);
      return { kind: "error", message: describeFsError(error) };
    }
    if (!isInside(this.root, real)) return { kind: "outside" };
    try {
      const stats = await this.fs.stat(real);
      return { kind: stats.isFile() ? "file" : stats.isDirectory() ? "directory" : "other", real };
    } catch (error) {
      return { kind: "error", message: describeFsError(error) };
    }
  }

  /**
   * A path that does not resolve: it is missing, unless its deepest existing part is a
   * symlink (dangling or not) that leads outside the root.
   */
  private async locateMissing(absolute: string): Promise<Location> {
    for (
      let entry = absolute;
      entry !== this.root && path.dirname(entry) !== entry;
      entry = path.dirname(entry)
    ) {
      let isLink: boolean;
      try {
        isLink = (await this.fs.lstat(entry)).isSymbolicLink();
      } catch {
        continue;
      }
      try {
        const parent = await this.fs.realpath(path.dirname(entry));
        const target = isLink
          ? path.resolve(parent, await this.fs.readlink(entry))
          : path.join(parent, path.basename(entry));
        return isInside(this.root, target) ? { kind: "missing" } : { kind: "outside" };
      } catch (error) {
        return { kind: "error", message: describeFsError(error) };
      }
    }
    return { kind: "missing" };
  }

  /** The UTF-8 text of a file (by real path), or why it cannot be read. */
  readText(real: string): Promise<{ text: string } | { error: string }> {
    let text = this.texts.get(real);
    if (text === undefined) {
      text = readUtf8(this.fs, real);
      this.texts.set(real, text);
    }
    return text;
  }

  /**
   * The files below a directory (by real path), sorted, as rg would search them by default:
   * hidden entries, `node_modules` and symlinks are skipped.
   */
  async listFiles(dir: string): Promise<{ files: string[] } | { error: string }> {
    const files: string[] = [];
    const walk = async (current: string): Promise<void> => {
      const entries = await this.fs.readdir(current);
      const names = entries
        .filter((entry) => !entry.name.startsWith(".") && entry.name !== "node_modules")
        .sort((a, b) => compareCodeUnits(a.name, b.name));
      for (const entry of names) {
        const full = path.join(current, entry.name);
        if (entry.isSymbolicLink()) continue;
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile()) files.push(full);
        if (files.length > MAX_WALK_FILES) throw new Error(`more than ${MAX_WALK_FILES} files`);
      }
    };
    try {
      await walk(dir);
      return { files };
    } catch (error) {
      return { error: describeFsError(error) };
    }
  }
}

/**
 * Reads a file as UTF-8 text, refusing folders, FIFOs and devices, huge files and bytes that
 * are not UTF-8.
 */
export async function readUtf8(
  fs: EvidenceFs,
  file: string,
): Promise<{ text: string } | { error: string }> {
  try {
    const stats = await fs.stat(file);
    if (stats.isDirectory()) return { error: "it is a folder, not a file" };
    // Reading a FIFO (or a device) would wait for a writer that never comes.
    if (!stats.isFile()) return { error: "it is not a regular file (a FIFO, socket or device)" };
    if (stats.size > MAX_TEXT_BYTES) {
      return { error: `it is larger than ${MAX_TEXT_BYTES / 1024 / 1024} MiB` };
    }
    const bytes = await fs.readFile(file);
    try {
      // TextDecoder drops a leading BOM by itself.
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    } catch {
      return { error: "it is not UTF-8 text" };
    }
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

/**
 * The registry of Codex prompts: `.codex/prompts/*.md` of the workspace, then
 * `$CODEX_HOME/prompts/*.md` (default `~/.codex/prompts`), then the pack shipped inside ccw's
 * package (when given). Each source shadows the next for a prompt of the same name. Listings are deterministic, never throw for a bad file (they carry
 * diagnostics instead), and are cached on path + mtime + size. docs/prompts.md describes it.
 */
import path from "node:path";
import { describeFsError } from "../errors.js";
import { compareCodeUnits, compareDiagnostics, type Diagnostic } from "./registry/diagnostic.js";
import {
  DirectoryCache,
  type LoadOutcome,
  MarkdownFileCache,
} from "./registry/markdown-file-cache.js";
import {
  type CodexPrompt,
  PROMPT_NAME_PATTERN,
  type PromptSource,
  parsePromptFile,
  suggestPromptName,
} from "./registry/prompt-file.js";
import {
  diffListings,
  isWatchedPath,
  type PromptChangeEvent,
  watchRoots,
} from "./registry/prompt-watch.js";
import {
  type DirectoryEntry,
  type EntryKind,
  errorCode,
  RegistryFiles,
  type RegistryFs,
} from "./registry/registry-fs.js";

export type { Diagnostic } from "./registry/diagnostic.js";
export type { PromptCategory } from "./registry/prompt-category.js";
export type { PromptPlaceholders } from "./registry/prompt-expansion.js";
export type { CodexPrompt, PromptSource } from "./registry/prompt-file.js";
export type { PromptChangeEvent } from "./registry/prompt-watch.js";
export type { RegistryFs } from "./registry/registry-fs.js";

/** Prompts in name order, and the problems found on the way. */
export interface PromptListing {
  prompts: CodexPrompt[];
  diagnostics: Diagnostic[];
}

/** A prompt looked up by name, and the diagnostics of files with that name. */
export interface PromptLookup {
  prompt?: CodexPrompt;
  diagnostics: Diagnostic[];
}

export interface CodexPromptRegistryOptions {
  /** The project folder; its `.codex/prompts` is searched first. */
  workspace: string;
  /**
   * Codex's home (see defaultCodexHome); its `prompts` folder is searched second. A relative
   * path is taken relative to `workspace` (the CLI resolves it against the current folder).
   */
  codexHome: string;
  /**
   * The prompt pack shipped with ccw (its package's `.codex/prompts`), searched last; none when
   * left out. A folder equal to one of the other two is read once.
   */
  builtinDir?: string;
  /** The file system to read (node's `fs` by default). `watch()` always watches the real disk. */
  fs?: RegistryFs;
  /** The clock that file mtimes are compared with (Date.now by default). */
  now?: () => number;
}

/** `$CODEX_HOME` when set and not empty, else `~/.codex`, as Codex itself resolves it. */
export function defaultCodexHome(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  const home = env.CODEX_HOME;
  return home !== undefined && home !== "" ? home : path.join(homedir, ".codex");
}

/** How long the watcher waits for more events before it lists again. */
const SETTLE_MS = 30;

interface Candidate {
  readonly source: PromptSource;
  readonly name: string;
  readonly file: string;
  readonly kind: EntryKind;
}

interface Scan {
  readonly candidates: readonly Candidate[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A source folder that does not exist (one object, so that listings can tell it is unchanged). */
const NO_SCAN: Scan = { candidates: [], diagnostics: [] };

interface Snapshot {
  readonly scans: readonly Scan[];
  readonly candidates: readonly Candidate[];
  readonly listing: PromptListing;
}

export class CodexPromptRegistry {
  /** The workspace's prompt folder (absolute). */
  readonly projectDir: string;
  /** The user's prompt folder (absolute). */
  readonly userDir: string;
  /** The built-in pack's folder (absolute), if any. */
  readonly builtinDir: string | undefined;
  readonly #files: RegistryFiles;
  readonly #cache: MarkdownFileCache<CodexPrompt>;
  readonly #dirs: DirectoryCache<Scan>;
  #snapshot: Snapshot | undefined;

  constructor(options: CodexPromptRegistryOptions) {
    this.projectDir = path.resolve(options.workspace, ".codex", "prompts");
    this.userDir = path.resolve(options.workspace, options.codexHome, "prompts");
    this.builtinDir =
      options.builtinDir === undefined ? undefined : path.resolve(options.builtinDir);
    this.#files = new RegistryFiles(options.fs);
    this.#cache = new MarkdownFileCache(this.#files, options.now);
    this.#dirs = new DirectoryCache(this.#files, options.now);
  }

  /** Every prompt, sorted by name (by code unit), with the diagnostics of bad files. */
  async list(): Promise<PromptListing> {
    const sources = this.sources();
    const scans = await Promise.all(sources.map(([source, dir]) => this.#scan(source, dir)));
    // Unchanged folders give back the very same Scan objects (DirectoryCache), so the
    // previous candidates can be reused without comparing them one by one.
    const previous = this.#snapshot;
    const sameFolders =
      previous !== undefined &&
      previous.scans.length === scans.length &&
      scans.every((scan, index) => scan === previous.scans[index]);
    const candidates = sameFolders ? previous.candidates : scans.flatMap((scan) => scan.candidates);
    const outcomes = this.#cache.loadAll(candidates, (candidate, bytes) =>
      parsePromptFile(candidate.file, candidate.name, candidate.source, bytes),
    );
    if (sameFolders && outcomes.every((outcome) => outcome.status !== "gone" && outcome.cached)) {
      return copyListing(previous.listing);
    }
    const listing = assemble(
      candidates,
      outcomes,
      scans.flatMap((scan) => scan.diagnostics),
    );
    this.#snapshot = { scans, candidates, listing };
    return copyListing(listing);
  }

  /**
   * The source folders in the order they are searched. With CODEX_HOME inside the workspace's
   * .codex (or the repository of ccw itself as the workspace), two sources are one folder:
   * it is read once, as the first of them.
   */
  sources(): [PromptSource, string][] {
    const sources: [PromptSource, string][] = [["project", this.projectDir]];
    if (this.userDir !== this.projectDir) sources.push(["user", this.userDir]);
    const builtin = this.builtinDir;
    if (builtin !== undefined && sources.every(([, dir]) => dir !== builtin)) {
      sources.push(["builtin", builtin]);
    }
    return sources;
  }

  /** The prompt called `name` (`review`, or as Codex invoked it, `/prompts:review`). */
  async get(name: string): Promise<CodexPrompt | undefined> {
    return (await this.lookup(name)).prompt;
  }

  /**
   * The prompt called `name` and the diagnostics of every file with that name: what `list()`
   * says of that name. Only the files of that name are read: which file wins is decided among
   * them alone, so planning a chain reads its few prompts, not every prompt of every source.
   */
  async lookup(name: string): Promise<PromptLookup> {
    const wanted = name.replace(/^\/?prompts:/, "");
    const ofName = (file: string) => path.basename(file, ".md") === wanted;
    const scans = await Promise.all(this.sources().map(([source, dir]) => this.#scan(source, dir)));
    const candidates = scans.flatMap((scan) => scan.candidates.filter((c) => c.name === wanted));
    const outcomes = this.#cache.loadAll(candidates, (candidate, bytes) =>
      parsePromptFile(candidate.file, candidate.name, candidate.source, bytes),
    );
    const scanDiagnostics = scans.flatMap((scan) => scan.diagnostics.filter((d) => ofName(d.file)));
    const listing = assemble(candidates, outcomes, scanDiagnostics);
    const [prompt] = listing.prompts;
    const diagnostics = listing.diagnostics.filter((diagnostic) => ofName(diagnostic.file));
    return prompt ? { prompt, diagnostics } : { diagnostics };
  }

  /** Drops every cached file: the next listing reads everything again. */
  invalidate(): void {
    this.#cache.clear();
    this.#dirs.clear();
    this.#snapshot = undefined;
  }

  /**
   * Watches both sources (on the real disk, with chokidar) and calls `onChange` with what
   * changed after files are added, changed or removed; the cache stays true meanwhile.
   * Resolves once the watcher is ready; `close()` stops it and waits for pending work.
   */
  async watch(onChange: (event: PromptChangeEvent) => void): Promise<{ close(): Promise<void> }> {
    const { watch } = await import("chokidar");
    let current = await this.list();
    const sources = this.sources().map(([, dir]) => dir);
    const roots = watchRoots(this.#files, sources);
    const watcher = watch(
      roots.map((root) => root.root),
      {
        ignoreInitial: true,
        depth: Math.max(...roots.map((root) => root.depth)),
        ignored: (file) => !isWatchedPath(file, sources),
      },
    );
    const changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let closed = false;

    const refresh = async () => {
      for (const file of changed) {
        this.#cache.delete(file);
        this.#dirs.delete(path.dirname(file));
      }
      changed.clear();
      const next = await this.list();
      const events = diffListings(current, next);
      current = next;
      for (const event of events) if (!closed) onChange(event);
    };
    const flush = () => {
      timer = undefined;
      if (running) {
        again = true;
        return;
      }
      running = refresh()
        .catch((error: unknown) => {
          if (!closed) onChange({ type: "error", message: describeFsError(error) });
        })
        .finally(() => {
          running = undefined;
          if (again && !closed) {
            again = false;
            flush();
          }
        });
    };
    watcher.on("all", (_event, file) => {
      // A rewrite within the same mtime tick and size would fool the stat key: forget the file
      // (and, for an entry that came or went, its folder's listing).
      changed.add(file);
      if (closed) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(flush, SETTLE_MS);
    });
    watcher.on("error", (error) => {
      if (!closed) onChange({ type: "error", message: describeFsError(error) });
    });
    await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

    return {
      close: async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        await watcher.close();
        await running;
      },
    };
  }

  async #scan(source: PromptSource, dir: string): Promise<Scan> {
    const read = await this.#dirs.read(dir, (entries) => classifyEntries(source, dir, entries));
    if (read.ok) return read.value;
    const code = errorCode(read.error);
    if (code === "ENOENT") return NO_SCAN;
    const message =
      code === "ENOTDIR"
        ? "is not a folder: the prompts of this source must be Markdown files in a folder of this name"
        : `cannot read the prompt folder: ${describeFsError(read.error)}`;
    return { candidates: [], diagnostics: [{ file: dir, message }] };
  }
}

/** The prompt candidates of one source folder, and the entries reported as wrong. */
function classifyEntries(
  source: PromptSource,
  dir: string,
  entries: readonly DirectoryEntry[],
): Scan {
  const candidates: Candidate[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { name: fileName, kind } of entries) {
    if (fileName.startsWith(".") || !fileName.toLowerCase().endsWith(".md")) continue;
    // Plain concatenation: `dir` is absolute and normalized, and join costs more per file.
    const file = dir + path.sep + fileName;
    const stem = fileName.slice(0, -3);
    if (!fileName.endsWith(".md")) {
      diagnostics.push({
        file,
        message: `only files ending in lowercase .md are prompts; rename it to ${stem}.md`,
      });
    } else if (!PROMPT_NAME_PATTERN.test(stem)) {
      diagnostics.push({
        file,
        message: `"${stem}" is not a valid prompt name (lowercase letters, digits, '.', '_' and '-', starting with a letter or digit); rename the file, e.g. to ${suggestPromptName(stem)}.md`,
      });
    } else if (kind === "directory") {
      diagnostics.push({
        file,
        message: "is a directory, not a Markdown file; prompts are files named <name>.md",
      });
    } else {
      candidates.push({ source, name: stem, file, kind });
    }
  }
  // Sorted once per folder change, so the listing's final sort runs over ordered input.
  candidates.sort((a, b) => compareCodeUnits(a.name, b.name));
  return { candidates, diagnostics };
}

const SOURCE_ORDER: readonly PromptSource[] = ["project", "user", "builtin"];

function assemble(
  candidates: readonly Candidate[],
  outcomes: readonly LoadOutcome<CodexPrompt>[],
  scanDiagnostics: readonly Diagnostic[],
): PromptListing {
  const diagnostics = [...scanDiagnostics];
  // The first source (in SOURCE_ORDER) that has a file of a name decides it: a valid prompt
  // there hides the later ones; a broken one makes the name unavailable, because falling back
  // to a later copy would silently run a different prompt than the nearer source asks for.
  const found = new Map<string, { prompt?: CodexPrompt; broken?: Candidate; hidden: string[] }>();
  const order = candidates
    .map((candidate, index) => ({ candidate, outcome: outcomes[index] }))
    .sort(
      (a, b) => SOURCE_ORDER.indexOf(a.candidate.source) - SOURCE_ORDER.indexOf(b.candidate.source),
    );
  for (const { candidate, outcome } of order) {
    if (!outcome || outcome.status === "gone") continue;
    const first = found.get(candidate.name);
    if (outcome.status === "invalid") {
      diagnostics.push(...outcome.diagnostics);
      if (!first) found.set(candidate.name, { broken: candidate, hidden: [] });
      continue;
    }
    if (!first) found.set(candidate.name, { prompt: outcome.value, hidden: [] });
    else if (first.prompt) first.hidden.push(outcome.value.path);
    else if (first.broken) {
      const { source, file } = first.broken;
      diagnostics.push({
        file: outcome.value.path,
        message: `not used: the ${source} prompt ${file} of the same name takes precedence, and it has errors (see its diagnostics)`,
      });
    }
  }
  const prompts: CodexPrompt[] = [];
  for (const { prompt, hidden } of found.values()) {
    if (!prompt) continue;
    const shadows = hidden[0];
    prompts.push(shadows === undefined ? prompt : { ...prompt, shadows });
  }
  prompts.sort((a, b) => compareCodeUnits(a.name, b.name));
  diagnostics.sort(compareDiagnostics);
  return { prompts, diagnostics };
}

function copyListing(listing: PromptListing): PromptListing {
  return { prompts: [...listing.prompts], diagnostics: [...listing.diagnostics] };
}

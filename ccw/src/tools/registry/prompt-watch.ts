/**
 * Watching prompt sources with chokidar, and turning two listings into change events.
 * chokidar v4 cannot watch a folder that does not exist yet, so each source is watched from
 * its nearest existing ancestor, with everything off the way to the source ignored.
 */
import path from "node:path";
import { compareCodeUnits, type Diagnostic, formatDiagnostic } from "./diagnostic.js";
import type { CodexPrompt } from "./prompt-file.js";
import type { RegistryFiles } from "./registry-fs.js";

/** What changed in a listing since the previous event (or since `watch()` started). */
export type PromptChangeEvent =
  | { readonly type: "added"; readonly name: string; readonly prompt: CodexPrompt }
  | {
      readonly type: "changed";
      readonly name: string;
      readonly prompt: CodexPrompt;
      readonly previous: CodexPrompt;
    }
  | { readonly type: "removed"; readonly name: string; readonly previous: CodexPrompt }
  /** The diagnostics differ from the last ones reported; this is the whole new list. */
  | { readonly type: "diagnostics"; readonly diagnostics: readonly Diagnostic[] }
  /** The watcher itself failed (for example, too many watched files for the OS). */
  | { readonly type: "error"; readonly message: string };

/** The listing shape that `diffListings` compares. */
export interface ListingLike {
  readonly prompts: readonly CodexPrompt[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The events that turn `before` into `after`, ordered by prompt name, diagnostics last. */
export function diffListings(before: ListingLike, after: ListingLike): PromptChangeEvent[] {
  const events: PromptChangeEvent[] = [];
  const old = new Map(before.prompts.map((prompt) => [prompt.name, prompt]));
  const names = new Set([...old.keys(), ...after.prompts.map((prompt) => prompt.name)]);
  const current = new Map(after.prompts.map((prompt) => [prompt.name, prompt]));
  for (const name of [...names].sort(compareCodeUnits)) {
    const previous = old.get(name);
    const prompt = current.get(name);
    if (prompt && !previous) events.push({ type: "added", name, prompt });
    else if (prompt && previous && !samePrompt(prompt, previous)) {
      events.push({ type: "changed", name, prompt, previous });
    } else if (!prompt && previous) events.push({ type: "removed", name, previous });
  }
  const render = (list: readonly Diagnostic[]) => list.map(formatDiagnostic).join("\n");
  if (render(before.diagnostics) !== render(after.diagnostics)) {
    events.push({ type: "diagnostics", diagnostics: after.diagnostics });
  }
  return events;
}

/** Whether two prompts are the same in every field a caller can see. */
export function samePrompt(a: CodexPrompt, b: CodexPrompt): boolean {
  return (
    a === b ||
    (a.name === b.name &&
      a.category === b.category &&
      a.categorySource === b.categorySource &&
      a.description === b.description &&
      a.argumentHint === b.argumentHint &&
      a.source === b.source &&
      a.path === b.path &&
      a.shadows === b.shadows &&
      a.body === b.body)
  );
}

/** A folder to hand to chokidar, and how deep below it the watched source lies. */
export interface WatchRoot {
  readonly root: string;
  readonly depth: number;
}

/** The nearest existing ancestor (or the folder itself) of each source folder. */
export function watchRoots(files: RegistryFiles, sources: readonly string[]): WatchRoot[] {
  const roots: WatchRoot[] = [];
  for (const source of sources) {
    let root = source;
    for (;;) {
      if (isDirectory(files, root)) break;
      const parent = path.dirname(root);
      if (parent === root) break;
      root = parent;
    }
    const relative = path.relative(root, source);
    roots.push({ root, depth: relative === "" ? 0 : relative.split(path.sep).length });
  }
  return roots;
}

/**
 * Whether chokidar should look at `file`: a source folder, one of its ancestors (so that a
 * source created later is seen), or a direct child of a source.
 */
export function isWatchedPath(file: string, sources: readonly string[]): boolean {
  return sources.some(
    (source) => file === source || isInside(file, source) || path.dirname(file) === source,
  );
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

function isDirectory(files: RegistryFiles, dir: string): boolean {
  try {
    return files.statSync(dir).kind === "directory";
  } catch {
    return false;
  }
}

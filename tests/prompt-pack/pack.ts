/**
 * Reads the prompt pack the way its tests need it: frontmatter (through ccw's own parser),
 * sections, the machine-readable Reads/Writes lists and the JSON example blocks.
 *
 * The Reads/Writes format (docs/prompt-pack.md, "Writing your own prompt"):
 *   - `$PREV_ARTIFACT_DIR/plan.json` — required. What it is.
 *   - `$ARTIFACT_DIR/plan.json` — on success. What it is.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { parseFrontmatter } from "../../ccw/src/tools/registry/frontmatter.js";
import { PROMPT_CATEGORIES } from "../../ccw/src/tools/registry/prompt-category.js";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
export const PACK_DIR = path.join(REPO_ROOT, ".codex", "prompts");

/** The names the coordinator binds for every step (shared/specs/coordinator.md §5). */
export { BINDING_NAMES } from "../../ccw/src/coordinator/plan.js";

/** The frontmatter every pack prompt must have (stricter than the registry's). */
export const PackFrontmatter = z.strictObject({
  description: z.string().min(20),
  "argument-hint": z.string().min(1),
  category: z.enum(PROMPT_CATEGORIES),
});

export const READ_QUALIFIERS = ["required", "optional"] as const;
export const WRITE_QUALIFIERS = ["always", "on success", "when blocked"] as const;

export interface FileEntry {
  /** As written, e.g. `$PREV_ARTIFACT_DIR/plans/<issue-id>.json`. */
  readonly path: string;
  readonly qualifier: string;
  readonly line: string;
}

export interface JsonExample {
  /** The tag after `json` on the fence line: the artifact path it shows. */
  readonly tag: string;
  readonly text: string;
}

export interface PackPrompt {
  readonly name: string;
  readonly file: string;
  readonly raw: string;
  readonly frontmatter: unknown;
  readonly frontmatterProblems: readonly string[];
  readonly body: string;
  /** `## Heading` → the section's text (without the heading line). */
  readonly sections: ReadonlyMap<string, string>;
  readonly reads: readonly FileEntry[];
  readonly writes: readonly FileEntry[];
  /** Bullets in Reads/Writes that name a file but do not follow the format. */
  readonly malformed: readonly string[];
  readonly examples: readonly JsonExample[];
}

/** Every `*.md` file of the pack folder, parsed, sorted by name. */
export function loadPack(dir: string = PACK_DIR): PackPrompt[] {
  return readdirSync(dir)
    .filter((entry) => entry.endsWith(".md"))
    .map((entry) => parsePackPrompt(path.join(dir, entry)))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Parses one prompt file. */
export function parsePackPrompt(file: string): PackPrompt {
  const raw = readFileSync(file, "utf8");
  const parsed = parseFrontmatter(file, raw, z.record(z.string(), z.unknown()));
  const body = parsed.ok ? parsed.body : "";
  const sections = splitSections(body);
  const reads = parseEntries(sections.get("Reads") ?? "", READ_QUALIFIERS);
  const writes = parseEntries(sections.get("Writes") ?? "", WRITE_QUALIFIERS);
  return {
    name: path.basename(file, ".md"),
    file,
    raw,
    frontmatter: parsed.ok ? parsed.data : undefined,
    frontmatterProblems: parsed.ok ? [] : parsed.problems.map((p) => p.message),
    body,
    sections,
    reads: reads.entries,
    writes: writes.entries,
    malformed: [...reads.malformed, ...writes.malformed],
    examples: jsonExamples(body),
  };
}

/** `## Heading` sections of a Markdown body; fenced blocks never start a section. */
export function splitSections(body: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  let lines: string[] = [];
  let fenced = false;
  const flush = () => {
    if (current !== undefined) sections.set(current, lines.join("\n"));
  };
  for (const line of body.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = fenced ? null : /^## (.+)$/.exec(line);
    if (heading?.[1] !== undefined) {
      flush();
      current = heading[1].trim();
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

const ENTRY = /^- `([^`]+)` — ([a-z ]+)\. \S/;

function parseEntries(
  section: string,
  qualifiers: readonly string[],
): { entries: FileEntry[]; malformed: string[] } {
  const entries: FileEntry[] = [];
  const malformed: string[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("- `$")) continue;
    const match = ENTRY.exec(line);
    const [, entryPath, qualifier] = match ?? [];
    if (entryPath === undefined || qualifier === undefined || !qualifiers.includes(qualifier)) {
      malformed.push(line);
      continue;
    }
    entries.push({ path: entryPath, qualifier, line });
  }
  return { entries, malformed };
}

/** Fenced blocks opened by "```json <tag>". */
export function jsonExamples(markdown: string): JsonExample[] {
  const examples: JsonExample[] = [];
  const fence = /^```json ([^\n]+)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const [, tag, blockText] = match;
    if (tag !== undefined && blockText !== undefined) {
      examples.push({ tag: tag.trim(), text: blockText });
    }
  }
  return examples;
}

/** The path of an entry relative to a binding: `$ARTIFACT_DIR/x/y.json` → `x/y.json`. */
export function relativeTo(entry: FileEntry, binding: string): string | undefined {
  const prefix = `$${binding}/`;
  return entry.path.startsWith(prefix) ? entry.path.slice(prefix.length) : undefined;
}

/** The `KEY=` names of an argument hint, in order. */
export function hintKeys(hint: string): string[] {
  return [...hint.matchAll(/(?:^|\s)([A-Z][A-Z0-9_]*)=/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}

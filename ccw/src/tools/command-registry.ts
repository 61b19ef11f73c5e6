/**
 * The registry of Claude Code slash commands, as in ccw: `.claude/commands/**\/*.md` of the
 * project, then of the user (`~/.claude/commands`). `workflow/lite-plan.md` is the command
 * `/workflow:lite-plan`; a project command hides a user command of the same name. Like the
 * prompt registry it never throws for a bad file, reports diagnostics, and caches files on
 * path + mtime + size. docs/prompts.md describes it.
 */
import path from "node:path";
import * as z from "zod";
import { describeFsError } from "../errors.js";
import { compareCodeUnits, compareDiagnostics, type Diagnostic } from "./registry/diagnostic.js";
import { describeValue, parseFrontmatter } from "./registry/frontmatter.js";
import {
  DirectoryCache,
  MarkdownFileCache,
  type ParseOutcome,
} from "./registry/markdown-file-cache.js";
import {
  type DirectoryEntry,
  type EntryKind,
  errorCode,
  RegistryFiles,
  type RegistryFs,
} from "./registry/registry-fs.js";

export type { Diagnostic } from "./registry/diagnostic.js";

export type CommandSource = "project" | "user";

/** A slash command as the registry lists it. */
export interface ClaudeCommand {
  /** The full name: `/workflow:lite-plan`. */
  name: string;
  /** The folders below `commands/`, joined by `:` (`workflow`); absent at the top level. */
  namespace?: string;
  /** The file stem: `lite-plan`. */
  shortName: string;
  description?: string;
  argumentHint?: string;
  /** Always a list, whether the file wrote a YAML list or a comma-separated string. */
  allowedTools: string[];
  model?: string;
  group?: string;
  source: CommandSource;
  /** The absolute path of the file. */
  path: string;
  /** The absolute path of the user command of the same name that this project command hides. */
  shadows?: string;
}

export interface CommandListing {
  commands: ClaudeCommand[];
  diagnostics: Diagnostic[];
}

export interface CommandRegistryOptions {
  /** The project folder; its `.claude/commands` is searched first. */
  workspace: string;
  /** The user's home; its `.claude/commands` is searched second. */
  homedir: string;
  /** The file system to read (node's `fs` by default). */
  fs?: RegistryFs;
  /** The clock that file mtimes are compared with (Date.now by default). */
  now?: () => number;
}

/** A file or folder name below `commands/`. */
export const COMMAND_SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** ccw keeps disabled commands in folders of this name; they are not commands. */
const DISABLED_FOLDER = "_disabled";
/** Folders nested deeper than this below `commands/` are not read. */
const MAX_DEPTH = 8;

/** `allowed-tools`: a YAML list, or one string of names separated by commas. */
const AllowedTools = z.unknown().transform((value, ctx): string[] => {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return splitToolList(value);
  if (Array.isArray(value)) {
    const tools: string[] = [];
    value.forEach((item, index) => {
      if (typeof item === "string") {
        if (item.trim() !== "") tools.push(item.trim());
      } else {
        ctx.issues.push({
          code: "custom",
          input: item,
          path: [index],
          message: `expected a tool name, found ${describeValue(item)}`,
        });
      }
    });
    return tools;
  }
  ctx.issues.push({
    code: "custom",
    input: value,
    message: `expected a list of tool names or one comma-separated string, found ${describeValue(value)}`,
  });
  return z.NEVER;
});

/** The frontmatter keys of a command; other keys are allowed and ignored. */
export const CommandFrontmatter = z.object({
  description: z.string().nullish(),
  "argument-hint": z.string().nullish(),
  "allowed-tools": AllowedTools.optional(),
  model: z.string().nullish(),
  group: z.string().nullish(),
});

/**
 * Splits `Read, Write, Bash(git add:*, git commit:*)` at the commas outside parentheses, so
 * that a tool pattern keeps its own commas.
 */
export function splitToolList(text: string): string[] {
  const tools: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of text) {
    if (ch === "(") depth++;
    else if (ch === ")") depth = Math.max(0, depth - 1);
    if (ch === "," && depth === 0) {
      tools.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  tools.push(current);
  return tools.map((tool) => tool.trim()).filter((tool) => tool !== "");
}

interface Candidate {
  readonly source: CommandSource;
  readonly segments: readonly string[];
  readonly file: string;
  readonly kind: EntryKind;
}

interface FolderScan {
  readonly files: readonly { readonly name: string; readonly kind: EntryKind }[];
  readonly folders: readonly { readonly name: string; readonly kind: EntryKind }[];
  readonly diagnostics: readonly Diagnostic[];
}

export class CommandRegistry {
  /** The project's command folder (absolute). */
  readonly projectDir: string;
  /** The user's command folder (absolute). */
  readonly userDir: string;
  readonly #workspace: string;
  readonly #files: RegistryFiles;
  readonly #cache: MarkdownFileCache<Omit<ClaudeCommand, "shadows">>;
  readonly #dirs: DirectoryCache<FolderScan>;

  constructor(options: CommandRegistryOptions) {
    this.#workspace = path.resolve(options.workspace);
    this.projectDir = this.findCommandDir();
    this.userDir = path.resolve(options.homedir, ".claude", "commands");
    this.#files = new RegistryFiles(options.fs);
    this.#cache = new MarkdownFileCache(this.#files, options.now);
    this.#dirs = new DirectoryCache(this.#files, options.now);
  }

  /**
   * The project's command folder: `.claude/commands` of the workspace, which is where Claude
   * Code looks for a project's commands when it runs in that folder.
   */
  private findCommandDir(): string {
    return path.join(this.#workspace, ".claude", "commands");
  }

  /** Every command, sorted by name (by code unit), with the diagnostics of bad files. */
  async list(): Promise<CommandListing> {
    const sources: [CommandSource, string][] = [["project", this.projectDir]];
    if (this.userDir !== this.projectDir) sources.push(["user", this.userDir]);
    const diagnostics: Diagnostic[] = [];
    const candidates: Candidate[] = [];
    for (const [source, dir] of sources) {
      await this.#walk(source, dir, [], new Set(), candidates, diagnostics);
    }
    const outcomes = this.#cache.loadAll(candidates, (candidate, bytes) =>
      parseCommandFile(candidate, bytes),
    );

    const project = new Map<string, Omit<ClaudeCommand, "shadows">>();
    const user = new Map<string, Omit<ClaudeCommand, "shadows">>();
    candidates.forEach((candidate, index) => {
      const outcome = outcomes[index];
      if (!outcome || outcome.status === "gone") return;
      if (outcome.status === "invalid") diagnostics.push(...outcome.diagnostics);
      else (candidate.source === "project" ? project : user).set(outcome.value.name, outcome.value);
    });
    const commands: ClaudeCommand[] = [...project.values()].map((command) => {
      const hidden = user.get(command.name);
      return hidden ? { ...command, shadows: hidden.path } : command;
    });
    for (const command of user.values()) if (!project.has(command.name)) commands.push(command);
    commands.sort((a, b) => compareCodeUnits(a.name, b.name));
    diagnostics.sort(compareDiagnostics);
    return { commands, diagnostics };
  }

  /**
   * The command called `name`: `/workflow:lite-plan`, `workflow:lite-plan`, or `lite-plan`
   * when exactly one command has that short name (a top-level `/lite-plan` comes first).
   */
  async get(name: string): Promise<ClaudeCommand | undefined> {
    const { command } = await this.resolve(name);
    return command;
  }

  /** Like get(), and every command a short name could mean (for "did you mean" messages). */
  async resolve(name: string): Promise<{ command?: ClaudeCommand; candidates: ClaudeCommand[] }> {
    const { commands } = await this.list();
    const wanted = name.startsWith("/") ? name : `/${name}`;
    const exact = commands.find((command) => command.name === wanted);
    if (exact) return { command: exact, candidates: [exact] };
    if (wanted.includes(":")) return { candidates: [] };
    const short = wanted.slice(1);
    const candidates = commands.filter((command) => command.shortName === short);
    return candidates.length === 1 && candidates[0]
      ? { command: candidates[0], candidates }
      : { candidates };
  }

  /** Drops every cached file and folder: the next listing reads everything again. */
  invalidate(): void {
    this.#cache.clear();
    this.#dirs.clear();
  }

  async #walk(
    source: CommandSource,
    dir: string,
    segments: readonly string[],
    visited: Set<string>,
    candidates: Candidate[],
    diagnostics: Diagnostic[],
  ): Promise<void> {
    const real = await this.#files.realpath(dir).catch(() => dir);
    if (visited.has(real)) {
      diagnostics.push({ file: dir, message: "folder link loop; this folder is already read" });
      return;
    }
    visited.add(real);
    const read = await this.#dirs.read(dir, (entries) => scanFolder(dir, entries));
    if (!read.ok) {
      const code = errorCode(read.error);
      if (code === "ENOENT" && segments.length === 0) return;
      diagnostics.push({
        file: dir,
        message:
          code === "ENOTDIR"
            ? "is not a folder: commands must be Markdown files in a folder of this name"
            : `cannot read the command folder: ${describeFsError(read.error)}`,
      });
      return;
    }
    diagnostics.push(...read.value.diagnostics);
    for (const entry of read.value.files) {
      candidates.push({
        source,
        segments: [...segments, entry.name.slice(0, -3)],
        file: path.join(dir, entry.name),
        kind: entry.kind,
      });
    }
    for (const folder of read.value.folders) {
      const child = path.join(dir, folder.name);
      if (folder.kind === "symlink" && !this.#isFolder(child)) continue;
      if (segments.length + 1 > MAX_DEPTH) {
        diagnostics.push({
          file: child,
          message: `nested deeper than ${MAX_DEPTH} folders; not read`,
        });
        continue;
      }
      await this.#walk(source, child, [...segments, folder.name], visited, candidates, diagnostics);
    }
  }

  #isFolder(dir: string): boolean {
    try {
      return this.#files.statSync(dir).kind === "directory";
    } catch {
      return false;
    }
  }
}

/** Sorts one folder's entries into command files, subfolders, and diagnostics. */
function scanFolder(dir: string, entries: readonly DirectoryEntry[]): FolderScan {
  const files: { name: string; kind: EntryKind }[] = [];
  const folders: { name: string; kind: EntryKind }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const { name, kind } of entries) {
    if (name.startsWith(".") || name === DISABLED_FOLDER) continue;
    const isMarkdown = name.endsWith(".md") && kind !== "directory";
    const segment = isMarkdown ? name.slice(0, -3) : name;
    if (!isMarkdown && kind !== "directory" && kind !== "symlink") continue;
    if (!COMMAND_SEGMENT_PATTERN.test(segment)) {
      if (isMarkdown || kind === "directory") {
        diagnostics.push({
          file: path.join(dir, name),
          message: `"${segment}" cannot be part of a command name (letters, digits, '.', '_' and '-', starting with a letter or digit); rename it`,
        });
      }
      continue;
    }
    if (isMarkdown) files.push({ name, kind });
    else folders.push({ name, kind });
  }
  const byName = (a: { name: string }, b: { name: string }) => compareCodeUnits(a.name, b.name);
  return { files: files.sort(byName), folders: folders.sort(byName), diagnostics };
}

function parseCommandFile(
  candidate: Candidate,
  bytes: Uint8Array,
): ParseOutcome<Omit<ClaudeCommand, "shadows">> {
  const parsed = parseFrontmatter(candidate.file, bytes, CommandFrontmatter);
  if (!parsed.ok) {
    return {
      ok: false,
      diagnostics: parsed.problems.map(({ file, line, message }) =>
        line === undefined ? { file, message } : { file, line, message },
      ),
    };
  }
  const { data } = parsed;
  const shortName = candidate.segments[candidate.segments.length - 1] ?? "";
  const namespace = candidate.segments.slice(0, -1).join(":");
  const command: Omit<ClaudeCommand, "shadows"> = {
    name: `/${candidate.segments.join(":")}`,
    shortName,
    allowedTools: data["allowed-tools"] ?? [],
    source: candidate.source,
    path: candidate.file,
  };
  if (namespace !== "") command.namespace = namespace;
  if (data.description != null) command.description = data.description;
  if (data["argument-hint"] != null) command.argumentHint = data["argument-hint"];
  if (data.model != null) command.model = data.model;
  if (data.group != null) command.group = data.group;
  return { ok: true, value: command };
}

/**
 * The files `ccw workflow install` copies: the Codex prompt pack (`.codex/prompts/*.md`) into
 * `$CODEX_HOME/prompts`, and the `/codex-coordinator` slash command into Claude Code's
 * commands folder (the user's, or the project's with `--project`). docs/claude-code.md.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { describeFsError, NotFoundError, StorageError } from "../errors.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import { claudeUserDir, codexHome } from "./locations.js";

/** The slash commands of the pack (only these; the repository's other commands stay). */
export const CLAUDE_COMMANDS = ["codex-coordinator.md"] as const;

/** The two halves of the pack. */
export type PackPart = "codex" | "claude";

/** Where the pack comes from and where it goes. */
export interface PackLocations {
  /** A folder holding `.codex/prompts/` and `.claude/commands/` (ccw's package by default). */
  readonly sourceRoot: string;
  readonly codexPromptsDir: string;
  readonly claudeCommandsDir: string;
}

/** The install locations for a user (or a project's Claude commands with `project`). */
export function packLocations(options: {
  sourceRoot: string;
  cwd: string;
  homedir: string;
  env: Readonly<Record<string, string | undefined>>;
  project?: boolean;
}): PackLocations {
  return {
    sourceRoot: options.sourceRoot,
    codexPromptsDir: path.join(codexHome(options.env, options.homedir), "prompts"),
    claudeCommandsDir: options.project
      ? path.join(options.cwd, ".claude", "commands")
      : path.join(claudeUserDir(options.env, options.homedir), "commands"),
  };
}

/** One file of the pack, its content, and what is installed at its target now. */
export interface PackFile {
  readonly part: PackPart;
  readonly name: string;
  readonly source: string;
  readonly target: string;
  readonly content: string;
  /** The installed file's content; `undefined` when nothing is installed there. */
  readonly installed: string | undefined;
  readonly state: "missing" | "identical" | "differs";
}

/** Reads the pack's files for `parts` and compares each with its installed copy. */
export async function readPack(
  locations: PackLocations,
  parts: readonly PackPart[],
): Promise<PackFile[]> {
  const files: PackFile[] = [];
  if (parts.includes("codex")) {
    const dir = path.join(locations.sourceRoot, ".codex", "prompts");
    const names = (await listSource(dir)).filter((name) => name.endsWith(".md")).sort();
    if (names.length === 0) throw missingPack(dir);
    for (const name of names) {
      files.push(await packFile("codex", name, dir, locations.codexPromptsDir));
    }
  }
  if (parts.includes("claude")) {
    const dir = path.join(locations.sourceRoot, ".claude", "commands");
    const present = new Set(await listSource(dir));
    for (const name of CLAUDE_COMMANDS) {
      if (!present.has(name)) throw missingPack(path.join(dir, name));
      files.push(await packFile("claude", name, dir, locations.claudeCommandsDir));
    }
  }
  return files;
}

async function packFile(
  part: PackPart,
  name: string,
  sourceDir: string,
  targetDir: string,
): Promise<PackFile> {
  const source = path.join(sourceDir, name);
  const target = path.join(targetDir, name);
  const content = await readText(source);
  const installed = await readText(target, { missingOk: true });
  const state =
    installed === undefined ? "missing" : installed === content ? "identical" : "differs";
  return { part, name, source, target, content, installed, state };
}

async function listSource(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw missingPack(dir);
    throw new StorageError(`cannot list ${dir}: ${describeFsError(error)}`, { cause: error });
  }
}

function missingPack(where: string): NotFoundError {
  return new NotFoundError(`the workflow pack is incomplete: ${where} is missing`, {
    hint: "Reinstall ccw (npm install -g ccw-codex), or point --source at a folder with .codex/prompts/ and .claude/commands/.",
  });
}

async function readText(file: string): Promise<string>;
async function readText(file: string, options: { missingOk: true }): Promise<string | undefined>;
async function readText(file: string, options?: { missingOk: true }) {
  try {
    // An installed copy is found, not named: a named pipe in its place must not block.
    return await readRegularFile(file);
  } catch (error) {
    if (options?.missingOk && (error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StorageError(`cannot read ${file}: ${describeFsError(error)}`, {
      hint: "Check that the file is a readable file (not a folder) and run the command again.",
      cause: error,
    });
  }
}

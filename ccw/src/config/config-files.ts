/**
 * Finding and reading ccw's configuration files with lilconfig: the project's `.ccwrc.json`,
 * looked up from the workspace upwards to the repository root (the nearest folder with a
 * `.git`; without one, only the workspace itself), and the user's
 * `$XDG_CONFIG_HOME/ccw-codex/config.json` (default `~/.config`). A file that is not valid
 * JSON, has an unknown key or a wrong value is a usage error naming the file, the key and what
 * was expected: nothing runs on a configuration the user did not mean.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { lilconfig } from "lilconfig";
import { UsageError } from "../errors.js";
import { jsonSyntaxError } from "../lib/json/json-location.js";
import { ConfigFile } from "./config-schema.js";

export const PROJECT_CONFIG_NAME = ".ccwrc.json";
export const USER_CONFIG_NAME = "config.json";

/** A configuration file that was found and is valid. */
export interface LoadedConfig {
  readonly file: string;
  readonly config: ConfigFile;
}

/** Where ccw looks for its two files, and what it found. */
export interface ConfigFiles {
  /** The folders searched for `.ccwrc.json`, nearest first. */
  readonly projectSearch: readonly string[];
  readonly project: LoadedConfig | undefined;
  /** The user file's path, whether it exists or not. */
  readonly userFile: string;
  readonly user: LoadedConfig | undefined;
}

/** `$XDG_CONFIG_HOME/ccw-codex/config.json`, `~/.config/ccw-codex/config.json` without it. */
export function userConfigFile(
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string {
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(homedir, ".config");
  return path.join(base, "ccw-codex", USER_CONFIG_NAME);
}

/** The folders from `workspace` up to the nearest one holding `.git` (only `workspace` without). */
export function projectSearchFolders(
  workspace: string,
  exists: (file: string) => boolean = existsSync,
): string[] {
  const folders: string[] = [];
  for (let dir = path.resolve(workspace); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (exists(path.join(dir, ".git"))) return folders;
    if (path.dirname(dir) === dir) return [path.resolve(workspace)];
  }
}

/** Reads both files. Throws UsageError for a file that is not a valid configuration. */
export async function loadConfigFiles(
  workspace: string,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): Promise<ConfigFiles> {
  const projectSearch = projectSearchFolders(workspace);
  const explorer = lilconfig("ccw", {
    searchPlaces: [PROJECT_CONFIG_NAME],
    stopDir: projectSearch[projectSearch.length - 1] ?? workspace,
    cache: false,
    loaders: { ".json": parseConfigText, noExt: parseConfigText },
  });
  const userFile = userConfigFile(env, homedir);
  const project = toLoaded(await explorer.search(workspace));
  const user = existsSync(userFile) ? toLoaded(await explorer.load(userFile)) : undefined;
  return { projectSearch, project, userFile, user };
}

function toLoaded(result: { filepath: string; config: unknown; isEmpty?: boolean } | null) {
  if (result === null) return undefined;
  if (result.isEmpty) parseConfigText(result.filepath, "");
  return { file: result.filepath, config: result.config as ConfigFile };
}

const HINT =
  'Fix the file (docs/cli.md, "Configuration", lists every key) or pass the option on the command line; nothing was run.';

/** The configuration in `text` (the file `file`), or a UsageError saying what is wrong. */
export function parseConfigText(file: string, text: string): ConfigFile {
  if (text.trim() === "") {
    throw new UsageError(`${file}: the file is empty; expected a JSON object`, { hint: HINT });
  }
  const syntax = jsonSyntaxError(text);
  if (syntax !== undefined) {
    throw new UsageError(
      `${file}: not valid JSON at line ${syntax.line}, column ${syntax.column}: ${syntax.message}`,
      { hint: HINT },
    );
  }
  const data: unknown = JSON.parse(text);
  const parsed = ConfigFile.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join(".") ?? "";
  if (issue?.code === "unrecognized_keys") {
    const key = [where, issue.keys[0]].filter((part) => part !== "").join(".");
    throw new UsageError(`${file}: ${key}: unknown key; ${knownKeys(where)}`, { hint: HINT });
  }
  const found = issue === undefined ? undefined : valueAt(data, issue.path);
  throw new UsageError(
    `${file}: ${where || "(top level)"}: ${issue?.message ?? "invalid"}${found === undefined ? "" : `, found ${JSON.stringify(found)}`}`,
    { hint: HINT },
  );
}

function knownKeys(section: string): string {
  if (section === "coordinator") {
    return "the keys of coordinator are timeout, max_retries, max_repairs, depth, model, sandbox, verify, codex_bin, allow_partial";
  }
  return "the top-level keys are coordinator and $schema";
}

function valueAt(data: unknown, at: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of at) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

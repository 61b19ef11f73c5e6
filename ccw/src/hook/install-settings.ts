import { constants } from "node:fs";
import { access, mkdir } from "node:fs/promises";
import path from "node:path";
import { describeFsError, OperationFailedError, StorageError } from "../errors.js";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import type { Styler } from "../output.js";
import { claudeUserDir } from "../workflow/locations.js";
import { unifiedDiff } from "../workflow/text-diff.js";
import {
  hasConflict,
  mergeClaudeSettings,
  type SettingsInstallOptions,
  type SettingsMerge,
} from "./claude-settings.js";

/** Which settings file `ccw hook install` edits. */
export type SettingsScope = "project" | "local" | "user";

/** The settings file of a scope: the project's shared or local file, or the user's. */
export function settingsPath(
  scope: SettingsScope,
  where: { cwd: string; homedir: string; env: Readonly<Record<string, string | undefined>> },
): string {
  switch (scope) {
    case "project":
      return path.join(where.cwd, ".claude", "settings.json");
    case "local":
      return path.join(where.cwd, ".claude", "settings.local.json");
    case "user":
      return path.join(claudeUserDir(where.env, where.homedir), "settings.json");
  }
}

/** The outcome of an install: what changed, the diff, and whether the file was written. */
export interface SettingsInstallResult {
  readonly file: string;
  readonly merge: SettingsMerge;
  readonly diff: string;
  readonly written: boolean;
}

/**
 * Merges ccw's hook and status line into the settings file `file` and writes it atomically
 * (unless `dryRun`). Nothing is written when the file is invalid, when nothing changes, or
 * when a different statusLine is there and `force` is not set (that is an error).
 */
export async function installClaudeSettings(
  file: string,
  options: SettingsInstallOptions & { dryRun?: boolean; label?: string; style?: Styler },
): Promise<SettingsInstallResult> {
  const current = await readIfExists(file);
  const merge = mergeClaudeSettings(current, file, options);
  if (hasConflict(merge)) {
    const conflict = merge.changes.find((change) => change.kind === "status-line-conflict");
    throw new OperationFailedError(
      `${file} already has a statusLine that runs ${JSON.stringify(conflict?.existing)}; nothing was changed`,
      {
        hint: "Run again with --force to replace it with ccw's, or with --no-statusline to install only the hook.",
      },
    );
  }
  const label = options.label ?? file;
  const diff = unifiedDiff(
    { before: `a/${label}`, after: `b/${label}` },
    current,
    merge.changed ? merge.text : current,
    options.style,
  );
  if (!merge.changed || options.dryRun) return { file, merge, diff, written: false };
  try {
    await mkdir(path.dirname(file), { recursive: true });
  } catch (error) {
    throw new StorageError(`cannot create ${path.dirname(file)}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  await writeFileAtomically(file, merge.text, { preserve: true });
  return { file, merge, diff, written: true };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readRegularFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new StorageError(`cannot read ${file}: ${describeFsError(error)}`, {
      hint: "Check that the file is readable; it was left untouched.",
      cause: error,
    });
  }
}

/** Whether `command` names an executable: a path that exists, or a name found on `PATH`. */
export async function isOnPath(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<boolean> {
  if (command === "") return false;
  const candidates = command.includes("/")
    ? [command]
    : (env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      return true;
    } catch {
      // not here; try the next folder
    }
  }
  return false;
}

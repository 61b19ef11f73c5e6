import { constants } from "node:fs";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { describeFsError, StorageError } from "../errors.js";
import { writeFileAtomically } from "../lib/fs/atomic-file.js";
import type { PackFile } from "./pack.js";

/**
 * What install does with one file: `install` a missing one, `skip` an identical one,
 * `replace` a different one (after a backup; only with --force), or `refuse` to touch it.
 */
export type InstallAction = "install" | "skip" | "replace" | "refuse";

export interface InstallStep {
  readonly file: PackFile;
  readonly action: InstallAction;
  /** Where the replaced file was copied to, once the step ran. */
  readonly backup?: string;
}

/** The action for every file: a pure function of what is installed and `force`. */
export function planInstall(
  files: readonly PackFile[],
  options: { force?: boolean },
): InstallStep[] {
  const actionFor = {
    missing: "install",
    identical: "skip",
    differs: options.force ? "replace" : "refuse",
  } as const satisfies Record<PackFile["state"], InstallAction>;
  return files.map((file) => ({ file, action: actionFor[file.state] }));
}

/** Whether the plan refuses a file (then nothing at all is written). */
export function refusesAny(steps: readonly InstallStep[]): boolean {
  return steps.some((step) => step.action === "refuse");
}

/**
 * Runs a plan that refuses nothing: each replaced file is first copied to
 * `<file>.<YYYYMMDD-HHMMSS>.bak` (a name neither Codex nor Claude Code loads), then every new
 * content is written atomically. Returns the steps with their backup paths.
 */
export async function applyInstall(
  steps: readonly InstallStep[],
  options: { now?: () => Date } = {},
): Promise<InstallStep[]> {
  const stamp = timestamp((options.now ?? (() => new Date()))());
  const done: InstallStep[] = [];
  for (const step of steps) {
    if (step.action === "refuse") throw new Error("applyInstall: the plan refuses a file");
    if (step.action === "skip") {
      done.push(step);
      continue;
    }
    const { target, content } = step.file;
    await ensureDir(path.dirname(target));
    const backup = step.action === "replace" ? await backupFile(target, stamp) : undefined;
    await writeFileAtomically(target, content, { preserve: true });
    done.push(backup === undefined ? step : { ...step, backup });
  }
  return done;
}

async function backupFile(file: string, stamp: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const backup = `${file}.${stamp}${attempt === 1 ? "" : `-${attempt}`}.bak`;
    try {
      await copyFile(file, backup, constants.COPYFILE_EXCL);
      return backup;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && attempt < 100) continue;
      throw new StorageError(`cannot back up ${file} to ${backup}: ${describeFsError(error)}`, {
        hint: "Nothing was replaced for this file. Check that its folder is writable.",
        cause: error,
      });
    }
  }
}

async function ensureDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new StorageError(`cannot create ${dir}: ${describeFsError(error)}`, {
      hint: "Check that the parent folder is writable.",
      cause: error,
    });
  }
}

/** `20261121-143025` in UTC. */
function timestamp(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}`;
}

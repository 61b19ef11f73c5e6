import fs from "node:fs/promises";
import path from "node:path";
import { NotFoundError } from "../../errors.js";

/**
 * The workspace: `--cd <dir>` when given (checked to be a folder), else found as git finds a
 * repository: from the current folder upwards, the nearest folder that holds one of `markers`
 * (paths relative to it, such as `.workflow/.codex-coordinator`) or `.git` (the repository's
 * root), else the current folder. Returns an absolute path.
 */
export async function resolveWorkspace(
  cwd: string,
  cd: string | undefined,
  markers: readonly string[] = [],
): Promise<string> {
  const workspace =
    cd === undefined ? await discoverWorkspace(cwd, markers) : path.resolve(cwd, cd);
  const stats = await fs.stat(workspace).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new NotFoundError(`the workspace ${workspace} is not a folder`, {
      hint: "Give an existing project folder with --cd <dir>.",
    });
  }
  return workspace;
}

/** The nearest folder from `cwd` upwards holding a marker or `.git`; else `cwd` itself. */
export async function discoverWorkspace(cwd: string, markers: readonly string[]): Promise<string> {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const marker of [...markers, ".git"]) {
      if (await fs.stat(path.join(dir, marker)).catch(() => undefined)) return dir;
    }
    if (path.dirname(dir) === dir) return start;
  }
}

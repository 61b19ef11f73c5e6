import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NotFoundError } from "../../errors.js";

/**
 * The workspace: `--cd <dir>` when given (checked to be a folder). Without it: with `markers`,
 * found as git finds a repository: from the current folder upwards, the nearest folder that
 * holds one of `markers` (paths relative to it, such as `.workflow/.codex-coordinator`) or
 * `.git` (the repository's root), else the current folder; without markers, the current
 * folder. Returns an absolute path.
 */
export async function resolveWorkspace(
  cwd: string,
  cd: string | undefined,
  markers?: readonly string[],
): Promise<string> {
  const workspace =
    cd !== undefined
      ? path.resolve(cwd, cd)
      : markers === undefined
        ? path.resolve(cwd)
        : await discoverWorkspace(cwd, markers);
  const stats = await fs.stat(workspace).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new NotFoundError(`the workspace ${workspace} is not a folder`, {
      hint: "Give an existing project folder with --cd <dir>.",
    });
  }
  return workspace;
}

/**
 * The nearest folder from `cwd` upwards holding a marker or `.git`; else `cwd` itself. The
 * search stops below the system's temp folder and the file system's root: neither is anyone's
 * project, and what other programs leave there must not capture every scratch folder.
 */
export async function discoverWorkspace(
  cwd: string,
  markers: readonly string[],
  ceiling: string = os.tmpdir(),
): Promise<string> {
  const start = path.resolve(cwd);
  const stop = new Set([path.resolve(ceiling), path.parse(start).root]);
  for (let dir = start; !stop.has(dir); dir = path.dirname(dir)) {
    for (const marker of [...markers, ".git"]) {
      if (await fs.stat(path.join(dir, marker)).catch(() => undefined)) return dir;
    }
    if (path.dirname(dir) === dir) break;
  }
  return start;
}

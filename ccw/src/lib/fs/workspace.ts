import fs from "node:fs/promises";
import path from "node:path";
import { NotFoundError } from "../../errors.js";

/** `--cd <dir>` (or the current folder), checked to be a folder; returns its absolute path. */
export async function resolveWorkspace(cwd: string, cd: string | undefined): Promise<string> {
  const workspace = path.resolve(cwd, cd ?? ".");
  const stats = await fs.stat(workspace).catch(() => undefined);
  if (!stats?.isDirectory()) {
    throw new NotFoundError(`the workspace ${workspace} is not a folder`, {
      hint: "Give an existing project folder with --cd <dir>.",
    });
  }
  return workspace;
}

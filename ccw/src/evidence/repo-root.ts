import path from "node:path";
import type { EvidenceFs } from "./evidence-fs.js";

/**
 * The repository root for `cwd`: the nearest folder at or above it that holds `.git` (a
 * folder, or the file of a worktree or submodule), else `cwd` itself.
 */
export async function findRepositoryRoot(cwd: string, fs: EvidenceFs): Promise<string> {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = await fs.lstat(path.join(dir, ".git")).then(
      () => true,
      () => false,
    );
    if (found) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * The files of a checkpoint as git would check them out (smudge filters such as Git LFS,
 * end-of-line conversion), written to temp files at the top of the work tree by
 * `git checkout-index --temp` through a scratch index: the user's index is never used.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { gitOutput, gitText } from "./git-exec.js";
import { type CheckpointRepo, repoCall } from "./repository.js";

/** Parses `git checkout-index --temp -z` output: `tempname TAB path` records ended by NUL. */
export function parseTempCheckout(output: Buffer): Map<string, string> {
  const temps = new Map<string, string>();
  for (const record of output.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab > 0) temps.set(record.slice(tab + 1), record.slice(0, tab));
  }
  return temps;
}

/**
 * Writes each of `paths` as commit `oid` holds it to a temp file in the work tree's top folder;
 * returns the absolute temp file of each path. The caller renames or removes them.
 */
export async function checkoutToTemp(
  repo: CheckpointRepo,
  oid: string,
  paths: readonly string[],
  scratchIndex: string,
): Promise<Map<string, string>> {
  if (paths.length === 0) return new Map();
  const call = { ...repoCall(repo, scratchIndex), cwd: repo.topLevel, timeoutMs: 600_000 };
  try {
    await gitText([...repo.gitArgs, "read-tree", oid], call);
    const output = await gitOutput([...repo.gitArgs, "checkout-index", "--temp", "-z", "--stdin"], {
      ...call,
      input: `${paths.join("\0")}\0`,
    });
    const temps = new Map<string, string>();
    for (const [file, temp] of parseTempCheckout(output)) {
      temps.set(file, path.join(repo.topLevel, temp));
    }
    return temps;
  } finally {
    await fs.rm(scratchIndex, { force: true });
  }
}

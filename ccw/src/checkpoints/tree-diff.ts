/**
 * What changed between two checkpoints, read with git plumbing (`diff-tree -z`, so any path
 * survives: spaces, newlines, unicode). Paths are relative to the work tree's root.
 */
import { gitOutput } from "./git-exec.js";
import { type CheckpointRepo, repoCall } from "./repository.js";

/** One path that differs: its mode and blob on each side (`null` where it does not exist). */
export interface TreeChange {
  readonly path: string;
  readonly from: { readonly mode: string; readonly oid: string } | null;
  readonly to: { readonly mode: string; readonly oid: string } | null;
}

/** Lines added and removed in one file (`null` for a binary file). */
export interface FileStat {
  readonly path: string;
  readonly added: number | null;
  readonly removed: number | null;
}

/** A change's size: files, lines added, lines removed. */
export interface ChangeStat {
  readonly files: number;
  readonly added: number;
  readonly removed: number;
}

const ABSENT = /^0+$/;

/** Parses `git diff-tree -r -z --raw` output. */
export function parseRawDiff(output: Buffer): TreeChange[] {
  const fields = output.toString("utf8").split("\0");
  const changes: TreeChange[] = [];
  for (let at = 0; at + 1 < fields.length; at += 2) {
    const head = fields[at] ?? "";
    const file = fields[at + 1] ?? "";
    const [fromMode, toMode, fromOid, toOid] = head.replace(/^:/, "").split(" ");
    if (!fromMode || !toMode || !fromOid || !toOid) continue;
    changes.push({
      path: file,
      from: ABSENT.test(fromMode) ? null : { mode: fromMode, oid: fromOid },
      to: ABSENT.test(toMode) ? null : { mode: toMode, oid: toOid },
    });
  }
  return changes;
}

/** Parses `git diff-tree -r -z --numstat` output. */
export function parseNumstat(output: Buffer): FileStat[] {
  const stats: FileStat[] = [];
  for (const record of output.toString("utf8").split("\0")) {
    const match = /^(\d+|-)\t(\d+|-)\t([\s\S]+)$/.exec(record);
    if (!match) continue;
    stats.push({
      path: match[3] ?? "",
      added: match[1] === "-" ? null : Number(match[1]),
      removed: match[2] === "-" ? null : Number(match[2]),
    });
  }
  return stats;
}

/** The sum of per-file stats. */
export function totalStat(stats: readonly FileStat[]): ChangeStat {
  return {
    files: stats.length,
    added: stats.reduce((sum, stat) => sum + (stat.added ?? 0), 0),
    removed: stats.reduce((sum, stat) => sum + (stat.removed ?? 0), 0),
  };
}

/** The paths that differ between commits `from` and `to`. */
export async function treeChanges(
  repo: CheckpointRepo,
  from: string,
  to: string,
): Promise<TreeChange[]> {
  const output = await gitOutput(
    [...repo.gitArgs, "diff-tree", "-r", "-z", "--raw", "--no-renames", from, to],
    repoCall(repo),
  );
  return parseRawDiff(output);
}

/** Lines added and removed per file between commits `from` and `to`. */
export async function fileStats(
  repo: CheckpointRepo,
  from: string,
  to: string,
): Promise<FileStat[]> {
  const output = await gitOutput(
    [...repo.gitArgs, "diff-tree", "-r", "-z", "--numstat", "--no-renames", from, to],
    repoCall(repo),
  );
  return parseNumstat(output);
}

/** The unified diff (or `--stat`, `--name-only`) between two commits, paths as the user sees them. */
export async function renderedDiff(
  repo: CheckpointRepo,
  from: string,
  to: string,
  options: { format: "patch" | "stat" | "name-only"; color: boolean },
): Promise<Buffer> {
  const format =
    options.format === "stat" ? ["--stat"] : options.format === "name-only" ? ["--name-only"] : [];
  return gitOutput(
    [
      ...repo.gitArgs,
      "diff",
      "--no-ext-diff",
      "--no-textconv",
      "--relative",
      `--color=${options.color ? "always" : "never"}`,
      ...format,
      from,
      to,
    ],
    { ...repoCall(repo), timeoutMs: 600_000 },
  );
}

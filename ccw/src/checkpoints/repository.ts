/**
 * Which git repository holds a session's checkpoints. In a git workspace it is the workspace's
 * own repository (objects and hidden refs only; its index, HEAD, branches and stash are never
 * touched). Outside git it is a private repository in the session folder, `checkpoints.git`,
 * whose work tree is the workspace (docs/coordinator.md, "Checkpoints", says why).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { GitCommandError, type GitOptions, gitFailure, runGit } from "./git-exec.js";

/** Where checkpoints of one session are written and read. */
export interface CheckpointRepo {
  readonly kind: "git" | "private";
  /** Arguments that go before every git subcommand (the private repository's locations). */
  readonly gitArgs: readonly string[];
  /** The workspace: git runs there, and pathspecs are relative to it. */
  readonly workspace: string;
  /** The root of the work tree: paths inside checkpoints are relative to it. */
  readonly topLevel: string;
  /** The user's index, copied once to seed the checkpoint index (its stat data saves hashing). */
  readonly userIndex: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The private repository of a session taken outside git. */
export function privateRepoDir(sessionDir: string): string {
  return path.join(sessionDir, "checkpoints.git");
}

/** The temporary index of a session's checkpoints (GIT_INDEX_FILE). */
export function checkpointIndexFile(sessionDir: string): string {
  return path.join(sessionDir, "checkpoint.index");
}

/**
 * Finds the repository of a session's checkpoints. A session that started outside git keeps
 * its private repository even if the workspace becomes a repository later. With `create`, a
 * non-git workspace gets its private repository; without, `undefined` means there is none.
 */
export async function locateRepo(options: {
  workspace: string;
  sessionDir: string;
  env: Readonly<Record<string, string | undefined>>;
  create: boolean;
}): Promise<CheckpointRepo | undefined> {
  const { workspace, sessionDir, env } = options;
  const privateDir = privateRepoDir(sessionDir);
  const git = (args: readonly string[]) => runGit(args, { cwd: workspace, env });
  if (!existsSync(privateDir)) {
    const args = ["rev-parse", "--path-format=absolute", "--show-toplevel", "--git-path", "index"];
    const found = await git(args);
    if (found.code === 0) {
      const [topLevel, index] = found.stdout.toString("utf8").trim().split("\n");
      if (topLevel && index) {
        return {
          kind: "git",
          gitArgs: [],
          workspace,
          topLevel,
          userIndex: index,
          env,
        };
      }
    }
    if (found.error || !/not a git repository/i.test(found.stderr)) {
      throw new GitCommandError(gitFailure(args, found));
    }
    if (!options.create) return undefined;
    // No template: the sample hooks and the rest a template copies are of no use here.
    const init = ["init", "--quiet", "--bare", "--template=", privateDir];
    const created = await git(init);
    if (created.code !== 0) throw new GitCommandError(gitFailure(init, created));
  }
  return {
    kind: "private",
    gitArgs: ["--git-dir", privateDir, "--work-tree", workspace],
    workspace,
    topLevel: workspace,
    userIndex: undefined,
    env,
  };
}

/** The options of a git call in `repo`, with the session's checkpoint index when given. */
export function repoCall(repo: CheckpointRepo, indexFile?: string): GitOptions {
  return {
    cwd: repo.workspace,
    env: repo.env,
    ...(indexFile === undefined ? {} : { extraEnv: { GIT_INDEX_FILE: indexFile } }),
  };
}

/**
 * Runs git for checkpoints: argv arrays through spawn (never a shell), a fixed identity for the
 * commit objects, and none of the caller's GIT_* variables that would point git at another
 * repository, index or work tree.
 */
import { spawn } from "node:child_process";

/** How one git invocation ended. `code` is null when git could not start (see `error`). */
export interface GitResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** Set when git could not be started (not installed, say) or ran past its time limit. */
  readonly error?: string;
}

/** What every git call of a checkpoint needs: where, and how git is found. */
export interface GitOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Extra variables for this call only (GIT_INDEX_FILE). */
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly input?: string | Buffer;
  /** Killed after this many milliseconds (default 120 s): a checkpoint never hangs a run. */
  readonly timeoutMs?: number;
}

// Variables that redirect git away from the workspace's own repository; a ccw started from a
// git hook inherits some of them.
const REDIRECTING = new Set([
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_PREFIX",
]);

// The caller's environment without the redirections, by environment object: a run passes the
// same one to every git call, and copying process.env costs ~0.15 ms each time.
const filtered = new WeakMap<object, Record<string, string>>();

/** The environment git runs with: the caller's, minus redirections, plus ccw's identity. */
export function gitEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  let result = filtered.get(env);
  if (result === undefined) {
    result = {};
    for (const [key, value] of Object.entries(env)) {
      if (value !== undefined && !REDIRECTING.has(key)) result[key] = value;
    }
    filtered.set(env, result);
  }
  return {
    ...result,
    // commit-tree needs an identity; a user without one configured must still get checkpoints.
    GIT_AUTHOR_NAME: "ccw",
    GIT_AUTHOR_EMAIL: "ccw@localhost",
    GIT_COMMITTER_NAME: "ccw",
    GIT_COMMITTER_EMAIL: "ccw@localhost",
    GIT_TERMINAL_PROMPT: "0",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
    ...extra,
  };
}

// Settings for every call: no automatic gc or maintenance while a step runs, no pager.
const GLOBAL_ARGS = ["-c", "gc.auto=0", "-c", "maintenance.auto=false", "-c", "core.quotepath=off"];

/** Runs `git <args>` and collects its output; never throws. */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("git", [...GLOBAL_ARGS, ...args], {
        cwd: options.cwd,
        env: gitEnvironment(options.env, options.extraEnv),
        stdio: ["pipe", "pipe", "pipe"],
      });
    } catch (error) {
      resolve({ code: null, stdout: Buffer.alloc(0), stderr: "", error: String(error) });
      return;
    }
    const out: Buffer[] = [];
    let err = "";
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = `git ${args[0] ?? ""} took longer than ${Math.round((options.timeoutMs ?? 120_000) / 1000)} s`;
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 120_000);
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => {
      if (err.length < 64_000) err += chunk.toString();
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      failure =
        error.code === "ENOENT"
          ? "git is not installed (or not on PATH)"
          : `git could not start: ${error.message}`;
    });
    child.stdin?.on("error", () => {
      // git exited before reading its input; its exit status says why
    });
    child.stdin?.end(options.input ?? "");
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        code: failure ? null : code,
        stdout: Buffer.concat(out),
        stderr: err,
        ...(failure ? { error: failure } : {}),
      });
    });
  });
}

/** A failed git call, for messages: its first meaningful stderr line or why it did not run. */
export function gitFailure(args: readonly string[], result: GitResult): string {
  if (result.error) return result.error;
  const line =
    result.stderr
      .split("\n")
      .map((text) => text.trim())
      .find((text) => text !== "" && !text.startsWith("hint:")) ?? `exit status ${result.code}`;
  return `git ${args[0] ?? ""}: ${line.replace(/^(fatal|error): /, "")}`;
}

/** Thrown by `gitText` and friends; callers turn it into a warning or a user-facing error. */
export class GitCommandError extends Error {
  override readonly name = "GitCommandError";
}

/** Runs git and returns its stdout as text, or throws GitCommandError. */
export async function gitOutput(args: readonly string[], options: GitOptions): Promise<Buffer> {
  const result = await runGit(args, options);
  if (result.code !== 0) throw new GitCommandError(gitFailure(args, result));
  return result.stdout;
}

/** Runs git and returns its trimmed stdout text, or throws GitCommandError. */
export async function gitText(args: readonly string[], options: GitOptions): Promise<string> {
  return (await gitOutput(args, options)).toString("utf8").trim();
}

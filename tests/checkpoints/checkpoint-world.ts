/**
 * A real git repository (or a plain folder) in a temp dir with a coordinator session whose
 * steps are "run" by functions that edit files, checkpointed by the same StepCheckpoints the
 * executor uses. No mocks: git runs for real.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createStepCheckpoints } from "../../ccw/src/checkpoints/step-checkpoints.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { runCli } from "../helpers/cli-context.js";
import { plannedSession } from "../helpers/session-fixture.js";

export const SESSION = "codex-coord-20261121-143025-7f3a";

/** git with a fixed identity, in `cwd`; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "user",
      GIT_AUTHOR_EMAIL: "user@example.com",
      GIT_COMMITTER_NAME: "user",
      GIT_COMMITTER_EMAIL: "user@example.com",
    },
  });
}

export interface World {
  readonly root: string;
  readonly workspace: string;
  readonly store: SessionStore;
  write(file: string, text: string): void;
  read(file: string): string | undefined;
  remove(file: string): void;
  /** Runs step `index` (0-based): before checkpoint, `work`, after checkpoint, saved. */
  step(index: number, work: () => void): Promise<SessionState>;
  state(): Promise<SessionState>;
  ccw(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): void;
}

/** A world with a three-step session; `git: "commit"` makes a repository with one commit. */
export async function startWorld(
  options: { git: "commit" | "empty" | "none" } = { git: "commit" },
): Promise<World> {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-checkpoints-"));
  const workspace = path.join(root, "project");
  mkdirSync(workspace);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
    writeFileSync(path.join(workspace, file), text);
  };
  if (options.git !== "none") git(workspace, "init", "-q", "-b", "main");
  if (options.git === "commit") {
    write("README.md", "# project\n");
    write("src/app.js", "console.log('app');\n");
    git(workspace, "add", "-A");
    git(workspace, "commit", "-q", "-m", "initial");
  }
  const store = new SessionStore(workspace);
  const base = plannedSession({ session_id: SESSION, workspace });
  const third = { ...base.command_chain[1], index: 2, command: "review" } as const;
  await store.create({
    ...base,
    units: [{ ...base.units[0], steps: [0, 1, 2] } as SessionState["units"][number]],
    command_chain: [...base.command_chain, third] as SessionState["command_chain"],
  });
  let clock = Date.parse("2026-11-21T15:00:00.000Z");
  const checkpoints = createStepCheckpoints({
    workspace,
    sessionDir: (id) => store.files(id).dir,
    env: process.env,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
  });
  return {
    root,
    workspace,
    store,
    write,
    read: (file) =>
      existsSync(path.join(workspace, file))
        ? readFileSync(path.join(workspace, file), "utf8")
        : undefined,
    remove: (file) => rmSync(path.join(workspace, file)),
    async step(index, work) {
      let state = await store.load(SESSION);
      state = await checkpoints.before(state, index);
      work();
      state = await checkpoints.after(state, index);
      state = {
        ...state,
        command_chain: state.command_chain.map((step) =>
          step.index === index ? { ...step, status: "completed", attempts: 1 } : step,
        ),
      };
      return store.save(state);
    },
    state: () => store.load(SESSION),
    ccw: (...args) =>
      runCli(["coordinator", ...args], { cwd: workspace, env: { ...process.env, NO_COLOR: "1" } }),
    close: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** What a restore must never change: the user's index, HEAD, branches, stash and HEAD's reflog. */
export function gitFacts(workspace: string): Record<string, string> {
  const dotGit = path.join(workspace, ".git");
  const file = (name: string) =>
    existsSync(path.join(dotGit, name))
      ? readFileSync(path.join(dotGit, name)).toString("base64")
      : "(none)";
  return {
    index: file("index"),
    HEAD: file("HEAD"),
    "logs/HEAD": file("logs/HEAD"),
    "refs/stash": file("refs/stash"),
    "logs/refs/stash": file("logs/refs/stash"),
    branches: git(workspace, "for-each-ref", "refs/heads", "refs/stash"),
    packed: file("packed-refs"),
  };
}

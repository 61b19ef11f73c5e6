import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import type { CodexE2E } from "../helpers/codex-e2e.js";
import {
  readState,
  sessionIdIn,
  startCoordinatorE2E,
  stepRule,
} from "../helpers/coordinator-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Each step changes the workspace: 1 writes NOTES.md, 2 edits src/app.js and adds src/greet.js, 3 appends to NOTES.md. */
const CHAIN = {
  rules: [
    stepRule(
      "03-analyze-with-file",
      "printf '# Analysis\\n' > {{1}}/analysis.md && printf 'reviewed\\n' >> NOTES.md",
      "STATUS: ok\nWrote analysis.md",
      [{ file: "findings.json", sample: "ccw-findings/1" }],
    ),
    stepRule(
      "02-execute",
      "test -s {{1}}/../../01-lite-plan-a/artifacts/plan.json && printf 'export const greet = (name) => \"hello \" + name;\\n' > src/greet.js && printf 'greet();\\n' >> src/app.js",
      "STATUS: ok\nImplemented src/greet.js",
      [
        { file: "execution.json", sample: "ccw-execution/1" },
        { file: "summary.md", content: "# Summary\n" },
      ],
    ),
    stepRule(
      "01-lite-plan-a",
      "printf '# Plan\\n' > {{1}}/plan.md && printf 'plan notes\\n' > NOTES.md",
      "STATUS: ok\nWrote plan.json",
      [{ file: "plan.json", sample: "ccw-plan/1" }],
    ),
  ],
};

function git(cwd: string, ...args: string[]): string {
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

/** The user's git state that ccw must never change. */
function userGit(workspace: string) {
  const file = (name: string) => {
    try {
      return readFileSync(path.join(workspace, ".git", name)).toString("base64");
    } catch {
      return "(none)";
    }
  };
  return {
    HEAD: file("HEAD"),
    "logs/HEAD": file("logs/HEAD"),
    refs: git(workspace, "for-each-ref", "refs/heads", "refs/stash"),
    staged: git(workspace, "diff", "--cached", "--binary"),
    stash: git(workspace, "stash", "list"),
  };
}

describe("checkpoints with the real Codex", () => {
  it("checkpoints every step of a real chain; diff and restore of step 2 leave the user's work alone", async () => {
    world = await startCoordinatorE2E(CHAIN);
    const ws = world.workspace;
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
      writeFileSync(path.join(ws, file), text);
    };
    git(ws, "init", "-q", "-b", "main");
    write("README.md", "# project\n");
    write("src/app.js", "console.log('app');\n");
    git(ws, "add", "-A");
    git(ws, "commit", "-q", "-m", "initial");
    write("README.md", "# project\nstashed\n");
    git(ws, "stash", "-q");
    write("staged.txt", "staged by the user\n");
    git(ws, "add", "staged.txt");
    write("README.md", "# project\nthe user's unstaged edit\n");
    const before = userGit(ws);

    const run = await runCli(
      [
        "coordinator",
        "codex",
        "Add a greet function",
        "--chain",
        "quick-implementation,analyze-with-file",
        "--yes",
        "--codex-bin",
        world.bin,
      ],
      { cwd: ws, env: world.env },
    );
    expect(run.stderr).not.toMatch(/error|checkpoint/i);
    expect(run.code).toBe(0);
    const id = sessionIdIn(run.stdout);
    const state = readState(ws, id);
    expect(state.command_chain.map((step) => step.checkpoint?.stat)).toEqual([
      { files: 1, added: 1, removed: 0 },
      { files: 2, added: 2, removed: 0 },
      { files: 1, added: 1, removed: 0 },
    ]);
    for (const step of state.command_chain) {
      expect(step.checkpoint?.warnings).toBeUndefined();
      expect(git(ws, "rev-parse", `refs/ccw/${id}/${step.index + 1}/before`).trim()).toBe(
        step.checkpoint?.before,
      );
      expect(git(ws, "rev-parse", `refs/ccw/${id}/${step.index + 1}/after`).trim()).toBe(
        step.checkpoint?.after,
      );
    }
    expect(userGit(ws)).toEqual(before);

    const names = await runCli(["coordinator", "diff", id, "--step", "2", "--name-only"], {
      cwd: ws,
      env: world.env,
    });
    expect(names.stdout).toBe("src/app.js\nsrc/greet.js\n");
    const patch = await runCli(["coordinator", "diff", "--last", "--step", "2"], {
      cwd: ws,
      env: world.env,
    });
    expect(patch.stdout).toContain("+greet();");
    expect(patch.stdout).not.toContain("NOTES.md");
    expect(patch.stdout).not.toContain("unstaged edit");
    const status = await runCli(["coordinator", "status", id], { cwd: ws, env: world.env });
    expect(status.stdout).toContain("+2 −0, 2 files");

    const index = readFileSync(path.join(ws, ".git", "index"));
    const back = await runCli(["coordinator", "restore", id, "--before-step", "2"], {
      cwd: ws,
      env: world.env,
    });
    expect(back.code).toBe(0);
    expect(readFileSync(path.join(ws, "src/app.js"), "utf8")).toBe("console.log('app');\n");
    expect(() => readFileSync(path.join(ws, "src/greet.js"))).toThrow();
    expect(readFileSync(path.join(ws, "NOTES.md"), "utf8")).toBe("plan notes\n");
    expect(readFileSync(path.join(ws, "README.md"), "utf8")).toContain("the user's unstaged edit");
    expect(readFileSync(path.join(ws, ".git", "index")).equals(index)).toBe(true);
    const forward = await runCli(["coordinator", "restore", id, "--after-step", "2"], {
      cwd: ws,
      env: world.env,
    });
    expect(forward.code).toBe(0);
    expect(readFileSync(path.join(ws, "src/greet.js"), "utf8")).toContain("hello");
    expect(readFileSync(path.join(ws, ".git", "index")).equals(index)).toBe(true);
    expect(userGit(ws)).toEqual(before);
  });

  it("takes checkpoints in a workspace that is not a git repository, in the session folder", async () => {
    world = await startCoordinatorE2E(CHAIN);
    const ws = world.workspace;
    mkdirSync(path.join(ws, "src"));
    writeFileSync(path.join(ws, "src/app.js"), "console.log('app');\n");
    const run = await runCli(
      [
        "coordinator",
        "codex",
        "Add a greet function",
        "--chain",
        "quick-implementation,analyze-with-file",
        "--yes",
        "--codex-bin",
        world.bin,
      ],
      { cwd: ws, env: world.env },
    );
    expect(run.code).toBe(0);
    const id = sessionIdIn(run.stdout);
    expect(readState(ws, id).command_chain.every((step) => step.checkpoint?.after)).toBe(true);
    expect(() => git(ws, "rev-parse", "--git-dir")).toThrow();
    const names = await runCli(["coordinator", "diff", id, "--step", "2", "--name-only"], {
      cwd: ws,
      env: world.env,
    });
    expect(names.stdout).toBe("src/app.js\nsrc/greet.js\n");
    const back = await runCli(["coordinator", "restore", id, "--before-step", "2"], {
      cwd: ws,
      env: world.env,
    });
    expect(back.code).toBe(0);
    expect(readFileSync(path.join(ws, "src/app.js"), "utf8")).toBe("console.log('app');\n");
  });
});

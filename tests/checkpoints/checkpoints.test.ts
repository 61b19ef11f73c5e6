import { chmodSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import { git, gitFacts, SESSION, startWorld, type World } from "./checkpoint-world.js";

let world: World | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

/** Three steps: 1 writes docs/plan.md, 2 edits src/app.js and adds a file, 3 adds notes.md. */
async function threeSteps(w: World) {
  await w.step(0, () => w.write("docs/plan.md", "# Plan\n"));
  await w.step(1, () => {
    w.write("src/app.js", "console.log('app');\nconsole.log('step 2');\n");
    w.write("src/new file.js", "export const added = 2;\n");
  });
  return w.step(2, () => w.write("notes.md", "notes\n"));
}

/** The user's own work: a stash, a staged edit and an unstaged edit, none of them the session's. */
function userWork(w: World) {
  w.write("README.md", "# project\nstashed line\n");
  git(w.workspace, "stash", "-q");
  w.write("staged.txt", "staged by the user\n");
  git(w.workspace, "add", "staged.txt");
  w.write("README.md", "# project\nunstaged edit\n");
}

describe("checkpoints in a git repository", () => {
  it("records before/after of every step on hidden refs, with each step's stat", async () => {
    world = await startWorld();
    const state = await threeSteps(world);
    const refs = git(world.workspace, "for-each-ref", "--format=%(refname)", `refs/ccw/${SESSION}/`)
      .trim()
      .split("\n");
    expect(refs.sort()).toEqual(
      [1, 2, 3]
        .flatMap((n) => [`refs/ccw/${SESSION}/${n}/after`, `refs/ccw/${SESSION}/${n}/before`])
        .sort(),
    );
    expect(state.command_chain.map((step) => step.checkpoint?.stat)).toEqual([
      { files: 1, added: 1, removed: 0 },
      { files: 2, added: 2, removed: 0 },
      { files: 1, added: 1, removed: 0 },
    ]);
    for (const step of state.command_chain) {
      expect(step.checkpoint?.before).toMatch(/^[0-9a-f]{40}$/);
      expect(step.checkpoint?.warnings).toBeUndefined();
    }
    const status = await world.ccw("status", SESSION);
    expect(status.stdout).toContain("+2 −0, 2 files");
    expect(status.stdout).toContain("+1 −0, 1 file");
  });

  it("diffs one step without earlier steps or the user's own edits", async () => {
    world = await startWorld();
    userWork(world);
    await threeSteps(world);
    const names = await world.ccw("diff", SESSION, "--step", "2", "--name-only");
    expect(names).toMatchObject({ code: 0, stderr: "" });
    expect(names.stdout).toBe("src/app.js\nsrc/new file.js\n");
    const patch = await world.ccw("diff", SESSION, "--step", "2");
    expect(patch.stdout).toContain("+console.log('step 2');");
    expect(patch.stdout).not.toContain("plan.md");
    expect(patch.stdout).not.toContain("unstaged edit");
    expect(patch.stdout).not.toContain("\u001b[");
    const json = JSON.parse((await world.ccw("diff", "--last", "--step", "2", "--json")).stdout);
    expect(json).toMatchObject({
      session_id: SESSION,
      step: 2,
      stat: { files: 2, added: 2, removed: 0 },
      files: [
        { path: "src/app.js", status: "modified", added: 1, removed: 0 },
        { path: "src/new file.js", status: "added", added: 1, removed: 0 },
      ],
    });
    const whole = await world.ccw("diff", SESSION, "--name-only");
    expect(whole.stdout.split("\n").filter(Boolean).sort()).toEqual([
      "docs/plan.md",
      "notes.md",
      "src/app.js",
      "src/new file.js",
    ]);
    expect((await world.ccw("diff", SESSION, "--step", "2", "--stat")).stdout).toMatch(
      /2 files changed, 2 insertions\(\+\)/,
    );
  });

  it("restores before and after step 2 in the working tree only, keeping the user's staged and unstaged edits", async () => {
    world = await startWorld();
    userWork(world);
    await threeSteps(world);
    const facts = gitFacts(world.workspace);
    const status = git(world.workspace, "status", "--porcelain=v1", "-z");

    const back = await world.ccw("restore", SESSION, "--before-step", "2");
    expect(back.stderr).toBe("");
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(`Undo it: ccw coordinator restore ${SESSION} --undo 1`);
    expect(world.read("src/app.js")).toBe("console.log('app');\n");
    expect(world.read("src/new file.js")).toBeUndefined();
    // Step 1's and step 3's files are not step 2's: before step 2 means the paths the session
    // changed as they were then, so step 3's notes.md did not exist yet.
    expect(world.read("docs/plan.md")).toBe("# Plan\n");
    expect(world.read("notes.md")).toBeUndefined();
    expect(world.read("README.md")).toBe("# project\nunstaged edit\n");
    expect(world.read("staged.txt")).toBe("staged by the user\n");
    expect(gitFacts(world.workspace)).toEqual(facts);

    const forward = await world.ccw("restore", SESSION, "--after-step", "2");
    expect(forward.code).toBe(0);
    expect(world.read("src/app.js")).toContain("step 2");
    expect(world.read("src/new file.js")).toBe("export const added = 2;\n");
    expect(world.read("notes.md")).toBeUndefined();
    expect(world.read("README.md")).toBe("# project\nunstaged edit\n");
    expect(gitFacts(world.workspace)).toEqual(facts);

    const last = await world.ccw("restore", SESSION, "--after-step", "3", "--yes");
    expect(last.code).toBe(0);
    expect(git(world.workspace, "status", "--porcelain=v1", "-z")).toBe(status);
    expect(gitFacts(world.workspace)).toEqual(facts);
    expect((await world.state()).restores?.map((r) => [r.number, r.target])).toEqual([
      [1, "--before-step 2"],
      [2, "--after-step 2"],
      [3, "--after-step 3"],
    ]);
    expect(
      git(world.workspace, "for-each-ref", "--format=%(refname)", `refs/ccw/${SESSION}/`),
    ).toContain(`refs/ccw/${SESSION}/restore-3`);
  });

  it("refuses to write over a path the user edited since, names it, and --force overrides", async () => {
    world = await startWorld();
    await threeSteps(world);
    world.write("src/app.js", "the user's own change\n");
    const refused = await world.ccw("restore", SESSION, "--before-step", "2");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("edited since the session last wrote it");
    expect(refused.stderr).toContain("  src/app.js");
    expect(refused.stderr).toContain("--force");
    expect(world.read("src/app.js")).toBe("the user's own change\n");
    expect(world.read("src/new file.js")).toBeDefined();

    const dry = await world.ccw("restore", SESSION, "--before-step", "2", "--dry-run");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain("needs --force");
    expect(world.read("src/new file.js")).toBeDefined();

    const forced = await world.ccw("restore", SESSION, "--before-step", "2", "--force");
    expect(forced.code).toBe(0);
    expect(world.read("src/app.js")).toBe("console.log('app');\n");
    // The user's change is on restore-1: undoing the restore brings it back.
    const undo = await world.ccw("restore", SESSION, "--undo", "1");
    expect(undo.code).toBe(0);
    expect(world.read("src/app.js")).toBe("the user's own change\n");
    expect(world.read("src/new file.js")).toBe("export const added = 2;\n");
    expect(world.read("notes.md")).toBe("notes\n");
  });

  it("undoes a restore, and an edit after a restore is checked against what the restore wrote", async () => {
    world = await startWorld();
    await threeSteps(world);
    expect((await world.ccw("restore", SESSION, "--before-step", "1")).code).toBe(0);
    expect(world.read("docs/plan.md")).toBeUndefined();
    expect(existsSync(path.join(world.workspace, "docs"))).toBe(false);
    expect(world.read("src/app.js")).toBe("console.log('app');\n");
    world.write("docs/plan.md", "mine\n");
    const refused = await world.ccw("restore", SESSION, "--undo", "1");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("docs/plan.md");
    world.remove("docs/plan.md");
    const undo = await world.ccw("restore", SESSION, "--undo", "1", "--json");
    expect(undo.code).toBe(0);
    expect(JSON.parse(undo.stdout)).toMatchObject({
      target: "--undo 1",
      restore: 2,
      undo: `ccw coordinator restore ${SESSION} --undo 2`,
    });
    expect(world.read("docs/plan.md")).toBe("# Plan\n");
    expect(world.read("notes.md")).toBe("notes\n");
    const again = await world.ccw("restore", SESSION, "--undo", "1");
    expect(again.stdout).toContain("Nothing to restore");
  });

  it("handles paths with spaces, unicode, a deleted file and an executable bit", async () => {
    world = await startWorld();
    world.write("dir with space/ünïcödé 文件.txt", "original\n");
    git(world.workspace, "add", "-A");
    git(world.workspace, "commit", "-q", "-m", "more");
    await world.step(0, () => {});
    await world.step(1, () => {
      world?.remove("dir with space/ünïcödé 文件.txt");
      world?.write("new dir/tab\there.sh", "#!/bin/sh\n");
      chmodSync(path.join(world?.workspace ?? "", "new dir/tab\there.sh"), 0o755);
    });
    await world.step(2, () => {});
    const names = await world.ccw("diff", SESSION, "--step", "2", "--json");
    expect(JSON.parse(names.stdout).files).toEqual([
      { path: "dir with space/ünïcödé 文件.txt", status: "deleted", added: 0, removed: 1 },
      { path: "new dir/tab\there.sh", status: "added", added: 1, removed: 0 },
    ]);
    expect((await world.ccw("restore", SESSION, "--before-step", "2")).code).toBe(0);
    expect(world.read("dir with space/ünïcödé 文件.txt")).toBe("original\n");
    expect(world.read("new dir/tab\there.sh")).toBeUndefined();
    expect((await world.ccw("restore", SESSION, "--after-step", "2")).code).toBe(0);
    expect(world.read("dir with space/ünïcödé 文件.txt")).toBeUndefined();
    expect(world.read("new dir/tab\there.sh")).toBe("#!/bin/sh\n");
    expect(statSync(path.join(world.workspace, "new dir/tab\there.sh")).mode & 0o111).not.toBe(0);
  });

  it("works in a repository with no commits yet", async () => {
    world = await startWorld({ git: "empty" });
    world.write("staged.txt", "staged\n");
    git(world.workspace, "add", "staged.txt");
    const facts = gitFacts(world.workspace);
    await threeSteps(world);
    expect((await world.ccw("diff", SESSION, "--step", "2", "--name-only")).stdout).toBe(
      "src/app.js\nsrc/new file.js\n",
    );
    expect((await world.ccw("restore", SESSION, "--before-step", "2")).code).toBe(0);
    expect(world.read("src/app.js")).toBeUndefined();
    expect(world.read("staged.txt")).toBe("staged\n");
    expect(gitFacts(world.workspace)).toEqual(facts);
    expect(() => git(world?.workspace ?? "", "rev-parse", "--verify", "-q", "HEAD")).toThrow();
  });

  it("records a failed checkpoint as a warning on the step, never a failure", async () => {
    world = await startWorld();
    // Something no retry can mend: a folder where the session's index goes.
    const indexPath = path.join(world.store.files(SESSION).dir, "checkpoint.index");
    mkdirSync(indexPath);
    const state = await world.step(0, () => world?.write("a.txt", "a\n"));
    const step = state.command_chain[0];
    expect(step?.status).toBe("completed");
    expect(step?.checkpoint?.before).toBeUndefined();
    expect(step?.checkpoint?.warnings).toEqual([
      expect.stringMatching(/^before checkpoint failed: .*is a directory/i),
      expect.stringMatching(/^after checkpoint failed: .*is a directory/i),
    ]);
    const diff = await world.ccw("diff", SESSION, "--step", "1");
    expect(diff.code).toBe(66);
    expect(diff.stderr).toContain("has no before checkpoint: before checkpoint failed");
    expect((await world.ccw("status", SESSION)).stdout).toContain("after checkpoint failed");
    // The next step, once the cause is gone, is checkpointed again.
    rmSync(indexPath, { recursive: true });
    const next = await world.step(1, () => world?.write("b.txt", "b\n"));
    expect(next.command_chain[1]?.checkpoint?.stat).toEqual({ files: 1, added: 1, removed: 0 });
  });

  it.each([
    ["a lock a killed process left on the session's index", "checkpoint.index.lock", ""],
    ["a damaged session index", "checkpoint.index", "DIRC garbage"],
  ])("recovers from %s without a warning", async (_what, file, content) => {
    world = await startWorld();
    await world.step(0, () => world?.write("a.txt", "a\n"));
    writeFileSync(path.join(world.store.files(SESSION).dir, file), content);
    const state = await world.step(1, () => world?.write("b.txt", "b\n"));
    expect(state.command_chain[1]?.checkpoint?.warnings).toBeUndefined();
    expect(state.command_chain[1]?.checkpoint?.stat).toEqual({ files: 1, added: 1, removed: 0 });
  });
});

describe("checkpoints outside git", () => {
  it("keeps them in a private repository in the session folder and restores from it", async () => {
    world = await startWorld({ git: "none" });
    world.write("keep.txt", "the user's file\n");
    await threeSteps(world);
    const privateRepo = path.join(world.store.files(SESSION).dir, "checkpoints.git");
    expect(existsSync(privateRepo)).toBe(true);
    expect(existsSync(path.join(world.workspace, ".git"))).toBe(false);
    expect((await world.ccw("diff", SESSION, "--step", "2", "--name-only")).stdout).toBe(
      "src/app.js\nsrc/new file.js\n",
    );
    expect((await world.ccw("restore", SESSION, "--before-step", "2")).code).toBe(0);
    expect(world.read("src/app.js")).toBeUndefined();
    expect(world.read("src/new file.js")).toBeUndefined();
    expect(world.read("docs/plan.md")).toBe("# Plan\n");
    expect(world.read("keep.txt")).toBe("the user's file\n");
  });
});

describe("prune and rm", () => {
  it("removes finished sessions with their refs, lists them with --dry-run, and never a running one", async () => {
    world = await startWorld();
    await threeSteps(world);
    const state = await world.state();
    await world.store.save({ ...state, status: "completed" });
    const after = state.command_chain[1]?.checkpoint?.after ?? "";
    const refs = () =>
      git(world?.workspace ?? "", "for-each-ref", "--format=%(refname)", "refs/ccw/").trim();
    expect(refs()).not.toBe("");

    const young = await world.ccw("prune", "--older-than", "1d");
    expect(young.stdout).toContain("No sessions to prune");
    const dry = await world.ccw("prune", "--dry-run");
    expect(dry.stdout).toContain(`Would remove 1 session(s)`);
    expect(existsSync(world.store.files(SESSION).dir)).toBe(true);

    const lock = await acquireSessionLock(world.store.files(SESSION).lock);
    try {
      const busy = await world.ccw("rm", SESSION);
      expect(busy.code).toBe(75);
      const skipped = await world.ccw("prune");
      expect(skipped.stderr).toContain(`skipped ${SESSION}`);
      expect(existsSync(world.store.files(SESSION).dir)).toBe(true);
    } finally {
      await lock.release();
    }
    const pruned = await world.ccw("prune");
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toContain("Removed 1 session(s) and 6 checkpoint ref(s).");
    expect(existsSync(world.store.files(SESSION).dir)).toBe(false);
    expect(refs()).toBe("");
    expect(git(world.workspace, "cat-file", "-t", after)).toBe("commit\n");
    git(world.workspace, "gc", "-q", "--prune=now");
    expect(() => git(world?.workspace ?? "", "cat-file", "-e", after)).toThrow();
    expect((await world.ccw("rm", SESSION)).code).toBe(66);
  });

  it("rm removes one session in any status but a running one", async () => {
    world = await startWorld();
    await threeSteps(world);
    const removed = await world.ccw("rm", SESSION);
    expect(removed).toMatchObject({
      code: 0,
      stdout: `removed ${SESSION} and 6 checkpoint ref(s)\n`,
    });
    expect(existsSync(world.store.files(SESSION).dir)).toBe(false);
  });
});

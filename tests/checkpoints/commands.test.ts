import { existsSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { restore } from "../../ccw/src/coordinator/checkpoint-restore.js";
import { coordinatorEnvironment } from "../../ccw/src/coordinator/environment.js";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import { runCli, testContext } from "../helpers/cli-context.js";
import { git, gitFacts, SESSION, startWorld, type World } from "./checkpoint-world.js";

let world: World | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

async function twoSteps(w: World) {
  await w.step(0, () => w.write("one.txt", "1\n"));
  return w.step(1, () => w.write("src/app.js", "changed\n"));
}

describe("coordinator restore on a terminal", () => {
  it.each([[false], [true]])("lists the paths and asks first (answer: %s)", async (answer) => {
    world = await startWorld();
    await twoSteps(world);
    const { ctx, stdout, stderr } = testContext({
      cwd: world.workspace,
      env: process.env,
      tty: true,
    });
    const env = await coordinatorEnvironment(ctx, undefined, () => {});
    const questions: string[] = [];
    // As step 1 left it (before step 2); "Cancel" keeps the file as step 2 left it.
    await restore(
      env,
      { id: SESSION, last: false },
      {
        target: { kind: "after-step", step: 1 },
        dryRun: false,
        yes: false,
        force: false,
        json: false,
        confirm: async (message) => {
          questions.push(message);
          return answer;
        },
      },
    );
    expect(questions).toEqual(["Restore these 1 path(s)?"]);
    expect(stdout.text()).toContain("write  src/app.js");
    expect(world.read("src/app.js")).toBe(answer ? "console.log('app');\n" : "changed\n");
    expect(stderr.text()).toBe(answer ? "" : "Nothing was restored.\n");
  });
});

describe("coordinator diff and restore: options and refusals", () => {
  it("colours the diff on a terminal only", async () => {
    world = await startWorld();
    await twoSteps(world);
    const env = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm" };
    const tty = await runCli(["coordinator", "diff", SESSION, "--step", "2"], {
      cwd: world.workspace,
      env,
      tty: true,
    });
    expect(tty.stdout).toContain("\u001b[");
    const piped = await runCli(["coordinator", "diff", SESSION, "--step", "2"], {
      cwd: world.workspace,
      env,
    });
    expect(piped.stdout).not.toContain("\u001b[");
    expect(piped.stdout).toContain("+changed");
  });

  it("refuses to restore while a live process runs the session (exit 75)", async () => {
    world = await startWorld();
    await twoSteps(world);
    const lock = await acquireSessionLock(world.store.files(SESSION).lock);
    try {
      const busy = await world.ccw("restore", SESSION, "--before-step", "2");
      expect(busy.code).toBe(75);
      expect(world.read("src/app.js")).toBe("changed\n");
    } finally {
      await lock.release();
    }
  });

  it.each([
    [["restore", SESSION], 2, "exactly one of --before-step"],
    [["restore", SESSION, "--before-step", "1", "--undo", "1"], 2, "exactly one of"],
    [["restore", SESSION, "--before-step", "0"], 2, "expected a step number"],
    [["restore", SESSION, "--undo", "4"], 66, "has no restore 4"],
    [["restore", SESSION, "--after-step", "3"], 66, "has no after checkpoint (it has not run)"],
    [["diff", SESSION, "--step", "9"], 66, "has no step 9 (it has 3)"],
    [["diff", "codex-coord-20261121-000000-0000"], 66, "no session"],
    [["prune", "--status", "running"], 2, "a running session is never pruned"],
    [["prune", "--older-than", "soon"], 2, "expected a duration"],
    [["rm", "../x"], 2, "invalid session id"],
  ])("%j exits %i", async (args, code, message) => {
    world = await startWorld();
    await twoSteps(world);
    const result = await world.ccw(...args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(code);
  });

  it("keeps files the user tracks under .workflow/ out of checkpoints", async () => {
    world = await startWorld();
    world.write(".workflow/notes.md", "tracked by the user\n");
    git(world.workspace, "add", "-f", ".workflow/notes.md");
    git(world.workspace, "commit", "-q", "-m", "workflow notes");
    const state = await twoSteps(world);
    const tree = git(
      world.workspace,
      "ls-tree",
      "-r",
      "--name-only",
      state.command_chain[1]?.checkpoint?.after ?? "",
    );
    expect(tree.split("\n").filter(Boolean).sort()).toEqual(["README.md", "one.txt", "src/app.js"]);
    expect(git(world.workspace, "ls-files", ".workflow")).toBe(".workflow/notes.md\n");
  });

  it("takes checkpoints of a workspace below the repository's root, with paths relative to it", async () => {
    world = await startWorld();
    const sub = path.join(world.workspace, "src");
    const env = { ...process.env, NO_COLOR: "1" };
    // A session of the subfolder: the top-level README is outside it and never touched.
    const { SessionStore } = await import("../../ccw/src/coordinator/session-store.js");
    const { createStepCheckpoints } = await import("../../ccw/src/checkpoints/step-checkpoints.js");
    const { plannedSession } = await import("../helpers/session-fixture.js");
    const store = new SessionStore(sub);
    let state = await store.create(plannedSession({ session_id: SESSION, workspace: sub }));
    const checkpoints = createStepCheckpoints({
      workspace: sub,
      sessionDir: (id) => store.files(id).dir,
      env,
      now: () => new Date(),
    });
    state = await checkpoints.before(state, 0);
    world.write("src/lib.js", "lib\n");
    world.write("README.md", "edited outside the workspace\n");
    state = await checkpoints.after(state, 0);
    state = await store.save(state);
    expect(state.command_chain[0]?.checkpoint?.stat).toEqual({ files: 1, added: 1, removed: 0 });
    const diff = await runCli(["coordinator", "diff", SESSION, "--name-only"], { cwd: sub, env });
    expect(diff.stdout).toBe("lib.js\n");
    const back = await runCli(["coordinator", "restore", SESSION, "--before-step", "1"], {
      cwd: sub,
      env,
    });
    expect(back.code).toBe(0);
    expect(back.stdout).toContain("delete lib.js");
    expect(world.read("src/lib.js")).toBeUndefined();
    expect(world.read("README.md")).toBe("edited outside the workspace\n");
  });

  it("records a warning, not a failure, without git on PATH", async () => {
    world = await startWorld();
    const { SessionStore } = await import("../../ccw/src/coordinator/session-store.js");
    const { createStepCheckpoints } = await import("../../ccw/src/checkpoints/step-checkpoints.js");
    const store = new SessionStore(world.workspace);
    const checkpoints = createStepCheckpoints({
      workspace: world.workspace,
      sessionDir: (id) => store.files(id).dir,
      env: { PATH: path.join(world.root, "no-such-bin") },
      now: () => new Date(),
    });
    const state = await checkpoints.before(await store.load(SESSION), 0);
    expect(state.command_chain[0]?.checkpoint).toEqual({
      warnings: ["before checkpoint failed: git is not installed (or not on PATH)"],
    });
  });

  it("checkpoints through a conflicted rebase without touching the user's index", async () => {
    world = await startWorld();
    const ws = world.workspace;
    git(ws, "checkout", "-q", "-b", "topic");
    world.write("README.md", "topic\n");
    git(ws, "commit", "-q", "-am", "topic");
    git(ws, "checkout", "-q", "main");
    world.write("README.md", "main\n");
    git(ws, "commit", "-q", "-am", "main");
    git(ws, "checkout", "-q", "topic");
    expect(() => git(ws, "rebase", "main")).toThrow();
    const facts = gitFacts(ws);
    const state = await twoSteps(world);
    expect(state.command_chain.map((step) => step.checkpoint?.warnings)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect((await world.ccw("diff", SESSION, "--step", "2", "--name-only")).stdout).toBe(
      "src/app.js\n",
    );
    expect((await world.ccw("restore", SESSION, "--before-step", "2")).code).toBe(0);
    expect(world.read("src/app.js")).toBe("console.log('app');\n");
    expect(gitFacts(ws)).toEqual(facts);
    expect(git(ws, "status", "--porcelain")).toContain("UU README.md");
  });

  it("writes files back as git checks them out: line-ending attributes and symlinks", async () => {
    world = await startWorld();
    const ws = world.workspace;
    world.write(".gitattributes", "*.txt text eol=crlf\n");
    git(ws, "add", ".gitattributes");
    git(ws, "commit", "-q", "-m", "attributes");
    await world.step(0, () => {});
    await world.step(1, () => {
      world?.write("notes.txt", "a\r\nb\r\n");
      symlinkSync("notes.txt", path.join(ws, "latest"));
    });
    await world.step(2, () => {});
    expect((await world.ccw("restore", SESSION, "--before-step", "2")).code).toBe(0);
    expect(existsSync(path.join(ws, "notes.txt"))).toBe(false);
    expect(existsSync(path.join(ws, "latest"))).toBe(false);
    expect((await world.ccw("restore", SESSION, "--after-step", "2")).code).toBe(0);
    expect(readFileSync(path.join(ws, "notes.txt"), "latin1")).toBe("a\r\nb\r\n");
    expect(readlinkSync(path.join(ws, "latest"))).toBe("notes.txt");
    expect(readdirSync(ws).filter((name) => name.startsWith(".merge_"))).toEqual([]);
  });

  it.each([
    [0, true],
    [10_000, false],
  ])(
    "reuses the previous step's after as the next before only right after it (pause %i ms: %s)",
    async (pause, reused) => {
      world = await startWorld();
      const { SessionStore } = await import("../../ccw/src/coordinator/session-store.js");
      const { createStepCheckpoints } = await import(
        "../../ccw/src/checkpoints/step-checkpoints.js"
      );
      const store = new SessionStore(world.workspace);
      let clock = Date.parse("2026-11-21T15:00:00.000Z");
      const checkpoints = createStepCheckpoints({
        workspace: world.workspace,
        sessionDir: (id) => store.files(id).dir,
        env: process.env,
        now: () => new Date(clock),
      });
      let state = await checkpoints.before(await store.load(SESSION), 0);
      world.write("one.txt", "1\n");
      state = await checkpoints.after(state, 0);
      clock += pause;
      state = await checkpoints.before(state, 1);
      const first = state.command_chain[0]?.checkpoint;
      expect(state.command_chain[1]?.checkpoint?.before === first?.after).toBe(reused);
      world.write("two.txt", "2\n");
      state = await checkpoints.after(state, 1);
      const second = state.command_chain[1]?.checkpoint;
      expect(git(world.workspace, "rev-parse", `refs/ccw/${SESSION}/2/before`).trim()).toBe(
        second?.before,
      );
      expect(second?.stat).toEqual({ files: 1, added: 1, removed: 0 });
    },
  );
});

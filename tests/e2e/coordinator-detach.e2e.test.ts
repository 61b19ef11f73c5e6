import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { CCW_BIN, type CodexE2E } from "../helpers/codex-e2e.js";
import {
  isAlive,
  readState,
  sessionFolder,
  sessionIdIn,
  startCoordinatorE2E,
  stepRule,
  waitFor,
} from "../helpers/coordinator-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const run = promisify(execFile);

/** Runs the built ccw; resolves with its exit code and output whatever the code. */
async function ccw(args: string[], w: CodexE2E, timeout = 90_000) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CCW_BIN, ...args], {
      cwd: w.workspace,
      env: w.env,
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}

const ONE_UNIT = {
  rules: [
    stepRule("02-execute", "printf 'done\\n' > {{1}}/notes.md", "STATUS: ok\nexecuted", [
      { file: "execution.json", sample: "ccw-execution/1" },
      { file: "summary.md", content: "# Summary\n" },
    ]),
    stepRule("01-lite-plan-a", "printf '# Plan\\n' > {{1}}/plan.md", "STATUS: ok\nplanned", [
      { file: "plan.json", sample: "ccw-plan/1" },
    ]),
  ],
};

describe("detached runs and wait, with the real Codex", () => {
  it("codex --yes --detach returns at once; wait prints each step and exits 0 when it completes", async () => {
    world = await startCoordinatorE2E(ONE_UNIT);
    const started = await ccw(
      [
        "coordinator",
        "codex",
        "Add a greet function",
        "--chain",
        "quick-implementation",
        "--yes",
        "--detach",
        "--codex-bin",
        world.bin,
      ],
      world,
    );
    expect(started.code).toBe(0);
    const id = sessionIdIn(started.stdout);
    expect(started.stdout).toMatch(new RegExp(`${id}: running in the background \\(pid \\d+\\)`));
    expect(started.stdout).toContain(`ccw coordinator wait ${id}`);
    const dir = sessionFolder(world.workspace, id);
    const runner = JSON.parse(readFileSync(path.join(dir, "runner.json"), "utf8"));
    expect(runner.log).toBe(path.join(dir, "runner.log"));
    // The first session of the workspace keeps git out of the sessions folder.
    expect(
      readFileSync(path.join(world.workspace, ".workflow/.codex-coordinator/.gitignore"), "utf8"),
    ).toBe("*\n");

    const waited = await ccw(["coordinator", "wait", id, "--timeout", "80s"], world);
    expect(waited.stderr).toContain(`Waiting for ${id}`);
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/step 2\/2 execute: completed → .*execution\.json/);
    expect(waited.stdout).toContain(`${id}: completed (2/2 steps)`);
    expect(readState(world.workspace, id).status).toBe("completed");
    // The runner prints its summary after the state it reports: it may still be writing it.
    await waitFor(
      () => (readFileSync(runner.log, "utf8").includes(`${id}: completed`) ? true : undefined),
      20_000,
      "the runner's summary in runner.log",
    );

    // Once it has ended, wait answers at once, in JSON too.
    const again = await ccw(["coordinator", "wait", "--last", "--json"], world);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout.trim().split("\n").at(-1) ?? "")).toMatchObject({
      session_id: id,
      event: "end",
      outcome: "completed",
      exit_code: 0,
    });
  }, 120_000);

  it("wait: 124 while it still runs at the timeout, 4 once its runner is killed, 66 for no such session", async () => {
    world = await startCoordinatorE2E({
      rules: [{ name: "stall", match: { contains: "lite-plan-a" }, reply: { stall: true } }],
      default: { stall: true },
    });
    const planned = await ccw(
      [
        "coordinator",
        "codex",
        "Add a greet function",
        "--chain",
        "quick-implementation",
        "--plan-only",
        "--codex-bin",
        world.bin,
      ],
      world,
    );
    const id = sessionIdIn(planned.stderr);
    const started = await ccw(["coordinator", "resume", id, "--detach"], world);
    expect(started.code).toBe(0);
    const pid = Number(/pid (\d+)/.exec(started.stdout)?.[1]);
    await waitFor(
      () => (readState(world?.workspace ?? "", id).status === "running" ? true : undefined),
      30_000,
      "the run to start",
    );

    const timedOut = await ccw(["coordinator", "wait", id, "--timeout", "2s"], world);
    expect(timedOut.code).toBe(124);
    expect(timedOut.stdout).toContain(`next: wait again: ccw coordinator wait ${id} --timeout 2s`);

    // A second detached runner is refused while the first lives.
    const second = await ccw(["coordinator", "resume", id, "--detach"], world);
    expect(second.code).toBe(75);
    expect(second.stderr).toContain(`already being run by pid ${pid}`);

    process.kill(pid, "SIGKILL");
    await waitFor(() => (isAlive(pid) ? undefined : true), 10_000, "the runner to die");
    const gone = await ccw(["coordinator", "wait", id, "--timeout", "30s"], world);
    expect(gone.code).toBe(4);
    expect(gone.stdout).toMatch(new RegExp(`${id}: its runner \\(pid ${pid}\\) is gone`));
    expect(gone.stdout).toContain(
      `(its output: ${path.join(sessionFolder(world.workspace, id), "runner.log")})`,
    );
    expect(gone.stdout).toContain(`continue it: ccw coordinator resume ${id} --yes --detach`);
    // Its Codex child is left from the killed runner: stop it so the world closes cleanly.
    for (const leftover of world.leftoverProcesses()) process.kill(leftover, "SIGKILL");

    const missing = await ccw(["coordinator", "wait", "codex-coord-20260101-000000-0000"], world);
    expect(missing.code).toBe(66);
    expect(existsSync(path.join(sessionFolder(world.workspace, id), "runner.log"))).toBe(true);
  }, 120_000);
});

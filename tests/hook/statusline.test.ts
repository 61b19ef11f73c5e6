import { spawnSync } from "node:child_process";
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SessionStatus, StepStatus } from "../../ccw/src/session/status.js";
import { renderStatusFile } from "../../ccw/src/session/status-file.js";
import { HOOK_FIXTURES, tempDir } from "./fixture-workspace.js";
import { type HookRunOptions, runFast, runFull } from "./run-both.js";

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: workspace, cleanup } = await tempDir());
});
afterEach(async () => cleanup());

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  return child.pid ?? 999_999;
}

let clock = Date.parse("2026-11-21T10:00:00Z");

/** Writes a session's status.json (or state.json) with a modification time later than the last. */
async function session(
  id: string,
  status: SessionStatus,
  steps: readonly StepStatus[],
  options: { root?: string; file?: "status.json" | "state.json" } = {},
) {
  const dir = path.join(options.root ?? workspace, ".workflow", ".codex-coordinator", id);
  await mkdir(dir, { recursive: true });
  const state = {
    session_id: id,
    status,
    command_chain: steps.map((stepStatus, index) => ({
      index,
      command: ["lite-plan-a", "execute"][index] ?? `step-${index}`,
      unit: "quick-implementation",
      status: stepStatus,
    })),
    current_index: null,
    updated_at: "2026-11-21T10:00:00Z",
  };
  const file = path.join(dir, options.file ?? "status.json");
  await writeFile(
    file,
    options.file === "state.json" ? JSON.stringify(state) : renderStatusFile(state),
  );
  clock += 60_000;
  await utimes(file, new Date(clock), new Date(clock));
}

async function statusline(stdin: string | undefined, options: Partial<HookRunOptions> = {}) {
  const run = { cwd: "/", stdin, ...options };
  const fast = await runFast("statusline", [], run);
  expect(await runFull("statusline", [], run)).toEqual(fast);
  return fast;
}

const claudeInput = (dir: string) =>
  JSON.stringify({
    hook_event_name: "Status",
    session_id: "abc",
    cwd: dir,
    model: { id: "claude-opus-4-1", display_name: "Opus" },
    workspace: { current_dir: dir, project_dir: dir },
    version: "1.0.80",
  });

describe("ccw hook statusline", () => {
  it("shows the newest running or waiting session of the workspace", async () => {
    await session("codex-coord-a", "waiting", ["completed", "pending"]);
    await session("codex-coord-b", "running", ["running", "pending"]);
    await session("codex-coord-c", "completed", ["completed", "completed"]);
    expect(await statusline(claudeInput(workspace))).toEqual({
      code: 0,
      stdout: "CCW codex-coord-b: running 0/2 lite-plan-a → execute\n",
      stderr: "",
    });
  });

  it("shows a waiting session when nothing runs, with where it stopped", async () => {
    await session("codex-coord-a", "waiting", ["completed", "pending"]);
    await session("codex-coord-b", "aborted", ["running", "pending"]);
    expect((await statusline(claudeInput(workspace))).stdout).toBe(
      "CCW codex-coord-a: waiting 1/2 execute\n",
    );
  });

  it("with an index of unfinished sessions, looks only at the sessions it names", async () => {
    await session("codex-coord-a", "waiting", ["completed", "pending"]);
    await session("codex-coord-b", "running", ["running", "pending"]);
    await session("codex-coord-c", "completed", ["completed", "completed"]);
    const index = path.join(workspace, ".workflow", ".codex-coordinator", ".unfinished");
    await mkdir(index);
    // b is not named (so not read); c is named but finished, gone-d has no folder: both passed over.
    for (const id of ["codex-coord-a", "codex-coord-c", "codex-coord-gone-d"])
      await writeFile(path.join(index, id), "");
    expect((await statusline(claudeInput(workspace))).stdout).toBe(
      "CCW codex-coord-a: waiting 1/2 execute\n",
    );
  });

  it("reads state.json when a session has no status.json yet", async () => {
    await session("codex-coord-a", "running", ["running", "pending"], { file: "state.json" });
    expect((await statusline(claudeInput(workspace))).stdout).toBe(
      "CCW codex-coord-a: running 0/2 lite-plan-a → execute\n",
    );
  });

  it("finds the project's sessions when Claude Code runs in a subfolder", async () => {
    await session("codex-coord-a", "running", ["running", "pending"]);
    const sub = path.join(workspace, "src");
    const input = JSON.stringify({
      cwd: sub,
      workspace: { current_dir: sub, project_dir: workspace },
    });
    expect((await statusline(input)).stdout).toContain("codex-coord-a");
  });

  it.each([
    ["no sessions folder", async () => {}],
    ["only finished sessions", async () => session("codex-coord-a", "completed", ["completed"])],
    ["only planned sessions", async () => session("codex-coord-a", "planned", ["pending"])],
    [
      "a broken status file",
      async () => {
        const dir = path.join(workspace, ".workflow", ".codex-coordinator", "codex-coord-x");
        await mkdir(dir, { recursive: true });
        await writeFile(
          path.join(dir, "status.json"),
          await readFile(path.join(HOOK_FIXTURES, "truncated.json")),
        );
      },
    ],
  ])("prints nothing for %s", async (_name, setup) => {
    await setup();
    expect(await statusline(claudeInput(workspace))).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("skips a broken newer session and shows an older active one", async () => {
    await session("codex-coord-a", "running", ["running", "pending"]);
    const dir = path.join(workspace, ".workflow", ".codex-coordinator", "codex-coord-z");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "status.json"), "{");
    expect((await statusline(claudeInput(workspace))).stdout).toContain("codex-coord-a");
  });

  it("uses its own working directory when stdin is not JSON or is a terminal", async () => {
    await session("codex-coord-a", "running", ["running", "pending"]);
    expect((await statusline("garbage", { cwd: workspace })).stdout).toContain("codex-coord-a");
    expect((await statusline(undefined, { cwd: workspace, tty: true })).stdout).toContain(
      "codex-coord-a",
    );
  });

  it.each([
    ["its process is gone", () => ({ pid: deadPid(), host: os.hostname() }), "waiting"],
    ["its process is alive", () => ({ pid: process.pid, host: os.hostname() }), "running"],
    ["it runs on another host", () => ({ pid: deadPid(), host: "elsewhere" }), "running"],
    ["state.json names no owner", () => null, "running"],
  ])("shows a running session as %s → %s", async (_name, owner, shown) => {
    await session("codex-coord-a", "running", ["running", "pending"]);
    const dir = path.join(workspace, ".workflow", ".codex-coordinator", "codex-coord-a");
    const state = { session_id: "codex-coord-a", status: "running", owner: owner() };
    await writeFile(path.join(dir, "state.json"), JSON.stringify(state));
    expect((await statusline(claudeInput(workspace))).stdout).toBe(
      `CCW codex-coord-a: ${shown} 0/2 lite-plan-a → execute\n`,
    );
  });

  it("rejects arguments like commander does", async () => {
    const result = await statusline("", { cwd: workspace });
    expect(result.code).toBe(0);
    const fast = await runFast("statusline", ["--bogus"], { cwd: workspace });
    expect(fast).toEqual(await runFull("statusline", ["--bogus"], { cwd: workspace }));
    expect(fast).toEqual({ code: 2, stdout: "", stderr: "ccw: error: unknown option '--bogus'\n" });
  });
});

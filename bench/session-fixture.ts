/**
 * Workspaces with many coordinator sessions, for the listing and hook benchmarks: one real
 * completed session (a 4-step chain run by ccw with the fake Codex) copied under new ids, one
 * second apart, so that ids, created_at and file times all sort the same way.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchEnv } from "./kit.js";

const SESSIONS = path.join(".workflow", ".codex-coordinator");

/** A completed session run by the real ccw against the fake Codex; returns its folder. */
export function templateSession(root: string, workDir: string): string {
  const workspace = path.join(workDir, "template");
  const codexHome = path.join(workDir, "template-codex-home");
  mkdirSync(workspace, { recursive: true });
  cpSync(path.join(root, ".codex", "prompts"), path.join(codexHome, "prompts"), {
    recursive: true,
  });
  const fakeCodex = path.join(root, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
  const args = [path.join(root, "ccw", "bin", "ccw.js"), "coordinator", "codex"];
  args.push("Find and fix issues in the payments service", "--chain", "issue-workflow");
  args.push("--yes", "--codex-bin", fakeCodex);
  const run = spawnSync(process.execPath, args, {
    cwd: workspace,
    env: benchEnv({
      CODEX_HOME: codexHome,
      XDG_CACHE_HOME: path.join(workDir, "cache"),
      FAKE_CODEX_SCENARIO: "ok",
      NO_COLOR: "1",
    }),
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`the template chain failed: ${run.stderr.slice(-400)}`);
  const [id] = readdirSync(path.join(workspace, SESSIONS)).filter((n) => !n.startsWith("."));
  if (id === undefined) throw new Error("the template chain left no session");
  return path.join(workspace, SESSIONS, id);
}

/** The creation time of the session at `index`: one second apart. */
function timeOf(index: number): Date {
  return new Date(Date.UTC(2026, 10, 1, 0, 0, 0) + index * 1000);
}

function idAt(time: Date, index: number): string {
  const stamp = time.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `codex-coord-${stamp}-${(index % 65536).toString(16).padStart(4, "0")}`;
}

/**
 * Fills `workspace` with `count` copies of the template, the oldest first; the copy at
 * `runningIndex` (if any) is running, owned by this live process. With `withIndex`, the index of
 * unfinished sessions names the running one, as ccw's own store would have it.
 */
export function writeSessions(
  template: string,
  workspace: string,
  count: number,
  runningIndex?: number,
  withIndex = false,
): void {
  if (withIndex) {
    const dir = path.join(workspace, SESSIONS, ".unfinished");
    mkdirSync(dir, { recursive: true });
    if (runningIndex !== undefined)
      writeFileSync(path.join(dir, idAt(timeOf(runningIndex), runningIndex)), "");
  }
  const oldId = path.basename(template);
  const stateText = readFileSync(path.join(template, "state.json"), "utf8");
  const statusText = readFileSync(path.join(template, "status.json"), "utf8");
  for (let index = 0; index < count; index++) {
    const time = timeOf(index);
    const id = idAt(time, index);
    const dir = path.join(workspace, SESSIONS, id);
    mkdirSync(path.join(dir, "lock"), { recursive: true });
    const state = JSON.parse(stateText.split(oldId).join(id));
    const status = JSON.parse(statusText.split(oldId).join(id));
    state.created_at = time.toISOString();
    state.updated_at = time.toISOString();
    status.updated_at = time.toISOString();
    if (index === runningIndex) {
      state.status = "running";
      status.status = "running";
      state.owner = { pid: process.pid, host: os.hostname(), started_at: time.toISOString() };
    }
    writeFileSync(path.join(dir, "state.json"), `${JSON.stringify(state, null, 2)}\n`);
    writeFileSync(path.join(dir, "status.json"), `${JSON.stringify(status, null, 2)}\n`);
    for (const name of ["state.json", "status.json"]) utimesSync(path.join(dir, name), time, time);
  }
}

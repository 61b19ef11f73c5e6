/**
 * Start-up cost of the Claude Code hooks, which run on every tool call and every status-line
 * refresh: `ccw hook parse-status --path <status.json>`, `ccw hook statusline` and the
 * SessionStart hook `ccw hook session-context` (with Claude Code's JSON on stdin) against a bare `node -e 0`, each pair measured alternately in one run.
 * Target: a median wall-time ratio of at most 1.2 for both (the original ccw hook took ~7x).
 * The statusline workspace holds 20 sessions, the running one older than 10 finished ones, so
 * the measure includes listing the sessions, skipping finished ones and checking that the
 * running one's owner process is alive.
 */
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SessionStatus } from "../../ccw/src/session/status.js";
import { renderStatusFile } from "../../ccw/src/session/status-file.js";
import { type BenchSuite, benchEnv, command, comparePaired } from "../kit.js";

const TARGET = 1.2;

function writeSession(workspace: string, index: number, status: SessionStatus): string {
  const id = `codex-coord-20261121-1430${String(index).padStart(2, "0")}-00${index.toString(16).padStart(2, "0")}`;
  const dir = path.join(workspace, ".workflow", ".codex-coordinator", id);
  mkdirSync(dir, { recursive: true });
  const done = status === "completed";
  const file = path.join(dir, "status.json");
  writeFileSync(
    file,
    renderStatusFile({
      session_id: id,
      status,
      command_chain: [
        { index: 0, command: "lite-plan-a", unit: "quick-implementation", status: "completed" },
        {
          index: 1,
          command: "execute",
          unit: "quick-implementation",
          status: done ? "completed" : "running",
        },
      ],
      current_index: done ? null : 1,
      updated_at: "2026-11-21T14:30:00Z",
    }),
  );
  if (!done) {
    // A live session's state.json names its owner: the status line checks that it still runs.
    const owner = { pid: process.pid, host: os.hostname(), started_at: "2026-11-21T14:30:00Z" };
    writeFileSync(
      path.join(dir, "state.json"),
      `${JSON.stringify({ session_id: id, status, owner }, null, 2)}\n`,
    );
  }
  const time = new Date(Date.UTC(2026, 10, 21, 14, 30, index));
  utimesSync(file, time, time);
  return file;
}

export const suite: BenchSuite = {
  name: "hook",
  async run(ctx) {
    const workspace = path.join(ctx.workDir, "workspace");
    let active = "";
    for (let index = 0; index < 20; index++) {
      const file = writeSession(workspace, index, index === 9 ? "running" : "completed");
      if (index === 9) active = file;
    }
    const ccw = path.join(ctx.root, "ccw", "bin", "ccw.js");
    const env = benchEnv({ NO_COLOR: "1" });
    const bare = command("node -e 0", process.execPath, ["-e", "0"], { env });
    const statuslineInput = JSON.stringify({
      hook_event_name: "Status",
      session_id: "bench",
      cwd: workspace,
      model: { id: "claude-sonnet", display_name: "Sonnet" },
      workspace: { current_dir: workspace, project_dir: workspace },
    });

    const parseStatus = await comparePaired({
      id: "hook-parse-status-vs-node",
      what: "print one status line for a status.json",
      baseline: bare,
      subject: command(
        "ccw hook parse-status --path",
        process.execPath,
        [ccw, "hook", "parse-status", "--path", active],
        { env },
      ),
      runs: ctx.runs,
      warmup: 3,
      targetMax: TARGET,
    });
    const statusline = await comparePaired({
      id: "hook-statusline-vs-node",
      what: "status line for a workspace of 20 sessions",
      baseline: bare,
      subject: command("ccw hook statusline", process.execPath, [ccw, "hook", "statusline"], {
        env,
        input: statuslineInput,
      }),
      runs: ctx.runs,
      warmup: 3,
      targetMax: TARGET,
    });
    const sessionContext = await comparePaired({
      id: "hook-session-context-vs-node",
      what: "SessionStart context for a workspace of 20 sessions",
      baseline: bare,
      subject: command(
        "ccw hook session-context",
        process.execPath,
        [ccw, "hook", "session-context"],
        {
          env,
          input: JSON.stringify({
            hook_event_name: "SessionStart",
            session_id: "bench",
            source: "startup",
            cwd: workspace,
          }),
        },
      ),
      runs: ctx.runs,
      warmup: 3,
      targetMax: TARGET,
    });
    return [parseStatus, statusline, sessionContext];
  },
};

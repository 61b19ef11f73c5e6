/**
 * Start-up cost of the Claude Code hooks, which run on every tool call and every status-line
 * refresh: `ccw hook parse-status --path <status.json>`, `ccw hook statusline` and the
 * SessionStart hook `ccw hook session-context` (with Claude Code's JSON on stdin) against a
 * bare `node -e 0`, each pair measured alternately in one run. Target: a median wall-time
 * ratio of at most 1.2 (the original ccw hook took ~7x).
 *
 * The workspace holds 1,000 sessions (copies of a real completed one, bench/session-fixture.ts):
 * one running (owned by this live process, so the status line checks its owner) older than 9
 * finished ones, and the index of unfinished sessions that ccw's store keeps
 * (session/unfinished-index.ts). For information, the same hooks in a workspace of 1,000
 * sessions without the index (made by an older ccw), where every session is looked at.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { type BenchSuite, benchEnv, command, comparePaired, type Side } from "../kit.js";
import { templateSession, writeSessions } from "../session-fixture.js";

const TARGET = 1.2;
const SESSIONS = 1000;
const RUNNING = 990;

/** A hook run in `workspace`, with Claude Code's JSON for that hook on stdin. */
function hookSide(ccw: string, hook: "statusline" | "session-context", workspace: string): Side {
  const input =
    hook === "statusline"
      ? {
          hook_event_name: "Status",
          session_id: "bench",
          cwd: workspace,
          model: { id: "claude-sonnet", display_name: "Sonnet" },
          workspace: { current_dir: workspace, project_dir: workspace },
        }
      : { hook_event_name: "SessionStart", session_id: "bench", source: "startup", cwd: workspace };
  return command(`ccw hook ${hook}`, process.execPath, [ccw, "hook", hook], {
    env: benchEnv({ NO_COLOR: "1" }),
    input: JSON.stringify(input),
  });
}

export const suite: BenchSuite = {
  name: "hook",
  async run(ctx) {
    const template = templateSession(ctx.root, ctx.workDir);
    const workspace = path.join(ctx.workDir, "workspace");
    const unindexed = path.join(ctx.workDir, "workspace-without-index");
    writeSessions(template, workspace, SESSIONS, RUNNING, true);
    writeSessions(template, unindexed, SESSIONS, RUNNING, false);
    const sessionsDir = path.join(workspace, ".workflow", ".codex-coordinator");
    const active = path.join(
      sessionsDir,
      readdirSync(sessionsDir).sort()[RUNNING] ?? "",
      "status.json",
    );
    const ccw = path.join(ctx.root, "ccw", "bin", "ccw.js");
    const env = benchEnv({ NO_COLOR: "1" });
    const bare = command("node -e 0", process.execPath, ["-e", "0"], { env });
    const pair = (id: string, what: string, subject: Side, targeted: boolean) =>
      comparePaired({
        id,
        what,
        baseline: bare,
        subject,
        runs: targeted ? ctx.runs : Math.max(3, Math.floor(ctx.runs / 2)),
        warmup: 3,
        ...(targeted ? { targetMax: TARGET } : {}),
      });
    const parseStatus = await pair(
      "hook-parse-status-vs-node",
      "print one status line for a status.json",
      command(
        "ccw hook parse-status --path",
        process.execPath,
        [ccw, "hook", "parse-status", "--path", active],
        { env },
      ),
      true,
    );
    const statusline = await pair(
      "hook-statusline-vs-node",
      `status line for a workspace of ${SESSIONS} sessions`,
      hookSide(ccw, "statusline", workspace),
      true,
    );
    const sessionContext = await pair(
      "hook-session-context-vs-node",
      `SessionStart context for a workspace of ${SESSIONS} sessions`,
      hookSide(ccw, "session-context", workspace),
      true,
    );
    const statuslineOld = await pair(
      "hook-statusline-no-index-vs-node",
      `status line for ${SESSIONS} sessions made by an older ccw (no index: every session looked at)`,
      hookSide(ccw, "statusline", unindexed),
      false,
    );
    const contextOld = await pair(
      "hook-session-context-no-index-vs-node",
      `SessionStart context for ${SESSIONS} sessions made by an older ccw (no index)`,
      hookSide(ccw, "session-context", unindexed),
      false,
    );
    return [parseStatus, statusline, sessionContext, statuslineOld, contextOld];
  },
};

import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { CCW_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";
import { readState, sessionIdIn } from "../helpers/coordinator-e2e.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "crash", "logging-codex.mjs");

function run(argv: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
  return new Promise<{ code: number | null; stderr: string; pid: number }>((resolve) => {
    const child = spawn(process.execPath, [CCW_BIN, ...argv], {
      ...options,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, stderr, pid: child.pid ?? 0 }));
  });
}

describe("concurrent resumes", () => {
  it("lets exactly one of 8 resume processes run a session; the others exit 75 naming its pid", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "ccw-concurrent-"));
    const workspace = path.join(root, "project");
    mkdirSync(workspace);
    cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(root, "codex-home", "prompts"), {
      recursive: true,
    });
    const log = path.join(root, "invocations.jsonl");
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: root,
      CODEX_HOME: path.join(root, "codex-home"),
      XDG_CACHE_HOME: path.join(root, "cache"),
      NO_COLOR: "1",
      CRASH_LOG: log,
      CRASH_STEP_MS: "600",
    };
    const planned = await runCli(
      ["coordinator", "codex", "Fix the flaky checkout test", "--chain", "bug-fix", "--plan-only"],
      {
        cwd: workspace,
        env,
        homedir: root,
      },
    );
    const id = sessionIdIn(planned.stderr);

    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        run(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX], {
          cwd: workspace,
          env,
        }),
      ),
    );
    const winners = results.filter((result) => result.code === 0);
    const refused = results.filter((result) => result.code === 75);
    expect(winners).toHaveLength(1);
    expect(refused).toHaveLength(7);
    for (const loser of refused) {
      expect(loser.stderr).toContain(
        `ccw: error: the session is being run by another process (pid ${winners[0]?.pid},`,
      );
    }
    expect(readState(workspace, id).status).toBe("completed");
    const invocations = readFileSync(log, "utf8").trim().split("\n");
    expect(invocations).toHaveLength(2);
  }, 60_000);
});

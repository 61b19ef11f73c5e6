import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import { runCli } from "../helpers/cli-context.js";
import { CCW_BIN, type CodexE2E } from "../helpers/codex-e2e.js";
import {
  eventKinds,
  isAlive,
  readState,
  sessionFolder,
  sessionIdIn,
  startCoordinatorE2E,
  waitFor,
} from "../helpers/coordinator-e2e.js";

let world: CodexE2E | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  await world?.close();
  world = undefined;
});

const CONTINUE = "Your previous run of this step was interrupted";

/** Step 2's first request stalls, so a test can stop the run in the middle of it. */
function stallingScript(): ModelServerScriptSource {
  return {
    rules: [
      {
        name: "continue step 2",
        match: { regex: `${CONTINUE}[\\s\\S]*?(/\\S*?/steps/02-execute)/prompt\\.md` },
        reply: [
          {
            command:
              "mkdir -p src && printf 'done\\n' > src/result.txt && printf '{}\\n' > .workflow/.codex-coordinator/marker.json",
          },
          { write: { path: "{{1}}/artifacts/execution.json", sample: "ccw-execution/1" } },
          { write: { path: "{{1}}/artifacts/summary.md", content: "# Summary\n" } },
          { text: "STATUS: ok\nContinued and finished" },
        ],
      },
      {
        name: "stall step 2",
        match: { regex: "/steps/02-execute/artifacts" },
        reply: { stall: true },
      },
      {
        name: "01-lite-plan-a",
        match: { regex: "(/\\S*?/steps/01-lite-plan-a/artifacts)" },
        reply: [
          { write: { path: "{{1}}/plan.json", sample: "ccw-plan/1" } },
          { write: { path: "{{1}}/plan.md", content: "# Plan\n" } },
          { text: "STATUS: ok\nPlanned" },
        ],
      },
    ],
  };
}

async function plan(current: CodexE2E): Promise<string> {
  const planned = await runCli(
    [
      "coordinator",
      "codex",
      "Write the result file",
      "--chain",
      "quick-implementation",
      "--plan-only",
    ],
    { cwd: current.workspace, env: current.env },
  );
  expect(planned.code).toBe(0);
  return sessionIdIn(planned.stderr);
}

function startResume(current: CodexE2E, id: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [CCW_BIN, "coordinator", "resume", id, "--yes", "--codex-bin", current.bin],
    {
      cwd: current.workspace,
      env: current.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  return child;
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
}

/** Waits until step 2 runs in Codex and its thread id is recorded; returns Codex's pid. */
async function step2Running(
  current: CodexE2E,
  id: string,
): Promise<{ codexPid: number; threadId: string }> {
  return waitFor(
    () => {
      const record = readState(current.workspace, id).execution_results.find(
        (result) => result.index === 1 && result.status === "started",
      );
      const stalled = current.server.requests.some((request) => request.rule === "stall step 2");
      return record?.pid && record.codex_thread_id && stalled
        ? { codexPid: record.pid, threadId: record.codex_thread_id }
        : undefined;
    },
    20_000,
    "step 2 to run",
  );
}

describe("coordinator recovery with the real Codex", () => {
  it("after kill -9 of the coordinator and Codex in step 2, resume finishes without rerunning step 1 and continues step 2's thread", async () => {
    world = await startCoordinatorE2E(stallingScript());
    const current = world;
    const id = await plan(current);
    const child = startResume(current, id);
    const ended = exited(child);
    const { codexPid, threadId } = await step2Running(current, id);

    process.kill(child.pid as number, "SIGKILL");
    process.kill(-codexPid, "SIGKILL");
    expect((await ended).signal).toBe("SIGKILL");
    await waitFor(() => (isAlive(codexPid) ? undefined : true), 5000, "Codex to die");

    const crashed = readState(current.workspace, id);
    expect(crashed.status).toBe("running");
    expect(crashed.command_chain.map((step) => step.status)).toEqual(["completed", "running"]);

    const resumed = await runCli(
      ["coordinator", "resume", id, "--yes", "--codex-bin", current.bin],
      {
        cwd: current.workspace,
        env: current.env,
      },
    );
    expect(resumed.stderr).toContain("recovered interrupted step 2");
    expect(resumed.code).toBe(0);

    const state = readState(current.workspace, id);
    expect(state.status).toBe("completed");
    expect(state.command_chain.map((step) => [step.status, step.attempts])).toEqual([
      ["completed", 1],
      ["completed", 2],
    ]);
    const step2 = state.execution_results.filter((result) => result.index === 1);
    expect(step2.map((result) => [result.status, result.codex_thread_id])).toEqual([
      ["interrupted", threadId],
      ["completed", threadId],
    ]);
    // The model server saw step 1's prompt once: step 1 never ran again.
    const firstTurns = current.server.requests.filter((request) => !request.followUp);
    expect(
      firstTurns.filter(
        (request) =>
          request.prompt.includes("/steps/01-lite-plan-a/artifacts") &&
          !request.prompt.includes("/steps/02-execute/"),
      ),
    ).toHaveLength(1);
    // The continuation went to the same Codex thread: its request carries step 2's original prompt.
    const continued = firstTurns.find((request) => request.prompt.startsWith(CONTINUE));
    expect(JSON.stringify(continued?.body?.input)).toContain("/steps/02-execute/artifacts");
    expect(readFileSync(path.join(current.workspace, "src", "result.txt"), "utf8")).toBe("done\n");
    expect(eventKinds(current.workspace, id)).toContain("lock.takeover");
    expect(current.leftoverProcesses()).toEqual([]);
  });

  it("Ctrl-C during a step leaves the session waiting, exits 130 with no process left, and resume completes", async () => {
    world = await startCoordinatorE2E(stallingScript());
    const current = world;
    const id = await plan(current);
    const child = startResume(current, id);
    const ended = exited(child);
    const { codexPid } = await step2Running(current, id);

    process.kill(child.pid as number, "SIGINT");
    const end = await ended;
    expect(end.code).toBe(130);
    expect(isAlive(codexPid)).toBe(false);
    expect(current.leftoverProcesses()).toEqual([]);

    const waiting = readState(current.workspace, id);
    expect(waiting.status).toBe("waiting");
    expect(waiting.owner).toBeNull();
    expect(waiting.execution_results.at(-1)).toMatchObject({ index: 1, status: "interrupted" });
    expect(
      readFileSync(path.join(sessionFolder(current.workspace, id), "status.json"), "utf8"),
    ).toContain('"status": "waiting"');

    const resumed = await runCli(
      ["coordinator", "resume", id, "--yes", "--codex-bin", current.bin],
      {
        cwd: current.workspace,
        env: current.env,
      },
    );
    expect(resumed.code).toBe(0);
    expect(readState(current.workspace, id).status).toBe("completed");
  });
});

/**
 * runCodex (the coordinator's entry point) with the real Codex binary against the local model
 * server, offline.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import type { CodexEvent } from "../../ccw/src/tools/codex/codex-events.js";
import { runCodex } from "../../ccw/src/tools/codex/codex-runner.js";
import { type CodexE2E, eventually, startCodexE2E } from "../helpers/codex-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function start(script: ModelServerScriptSource) {
  world = await startCodexE2E(script);
  return world;
}

describe("runCodex with the real Codex", () => {
  it("reports the thread id first, the commands, the final message, usage, and keeps both logs", async () => {
    const w = await start({
      rules: [
        {
          match: { regex: "artifacts folder: (?<dir>\\S+)" },
          reply: [
            { command: "mkdir -p {{dir|shell}} && echo '# Plan' > {{dir|shell}}/plan.md" },
            { text: "plan written to {{dir}}/plan.md" },
          ],
        },
      ],
    });
    const seen: string[] = [];
    const events: CodexEvent[] = [];
    const logs = path.join(w.root, "logs");
    const outcome = await runCodex({
      bin: w.bin,
      request: { sandbox: "workspace-write" },
      prompt: "Plan the work. Write it to the artifacts folder: .workflow/step-1/artifacts",
      cwd: w.workspace,
      env: w.env,
      eventLogPath: path.join(logs, "codex.jsonl"),
      stderrLogPath: path.join(logs, "stderr.log"),
      onSpawn: () => seen.push("spawn"),
      onThreadStarted: (id) => seen.push(`thread ${id}`),
      onEvent: (event) => {
        events.push(event);
        if (event.type === "turn.completed") seen.push("turn.completed");
      },
    });
    expect(outcome).toMatchObject({
      status: "completed",
      exitCode: 0,
      lastMessage: "plan written to .workflow/step-1/artifacts/plan.md",
      protocolProblems: [],
    });
    expect(seen).toEqual(["spawn", `thread ${outcome.threadId}`, "turn.completed"]);
    expect(outcome.usage?.input_tokens).toBeGreaterThan(0);
    expect(outcome.commands).toEqual([
      expect.objectContaining({
        exitCode: 0,
        status: "completed",
        command: expect.stringContaining("plan.md"),
      }),
    ]);
    expect(readFileSync(path.join(w.workspace, ".workflow/step-1/artifacts/plan.md"), "utf8")).toBe(
      "# Plan\n",
    );
    const logged = readFileSync(path.join(logs, "codex.jsonl"), "utf8").trimEnd().split("\n");
    expect(logged).toHaveLength(events.length);
    expect(readFileSync(path.join(logs, "stderr.log"), "utf8")).toBe(outcome.stderrTail);
  });

  it("an HTTP 500 from the model is a failure with Codex's message, not a crash", async () => {
    const w = await start({ default: { fail: 500 } });
    const outcome = await runCodex({
      bin: w.bin,
      request: {},
      prompt: "x",
      cwd: w.workspace,
      env: w.env,
    });
    expect(outcome.status).toBe("failed");
    expect(outcome.exitCode).toBe(1);
    expect(outcome.error).toMatch(/demand|500/);
    expect(outcome.turnCompleted).toBe(false);
  });

  it("a slow stream still completes, with the whole text", async () => {
    const w = await start({
      default: { text: "streamed slowly in pieces", chunks: 5, chunkDelayMs: 80 },
    });
    const outcome = await runCodex({
      bin: w.bin,
      request: {},
      prompt: "x",
      cwd: w.workspace,
      env: w.env,
    });
    expect(outcome).toMatchObject({
      status: "completed",
      lastMessage: "streamed slowly in pieces",
    });
    expect(outcome.durationMs).toBeGreaterThan(400);
  });

  it("an abort during a stalled request stops Codex and everything it started", async () => {
    const w = await start({ default: { stall: true } });
    const controller = new AbortController();
    const outcome = await runCodex({
      bin: w.bin,
      request: {},
      prompt: "x",
      cwd: w.workspace,
      env: w.env,
      signal: controller.signal,
      killGraceMs: 1000,
      onThreadStarted: () => {
        setTimeout(() => controller.abort("SIGTERM"), 300);
      },
    });
    expect(outcome).toMatchObject({
      status: "aborted",
      error: "interrupted (SIGTERM); ccw stopped Codex's process group",
    });
    expect(outcome.threadId).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      await eventually(
        () => w.leftoverProcesses(),
        (pids) => pids.length === 0,
      ),
    ).toEqual([]);
  });
});

import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import type { CodexE2E } from "../helpers/codex-e2e.js";
import {
  eventKinds,
  readState,
  sessionFolder,
  sessionIdIn,
  startCoordinatorE2E,
  stepRule,
} from "../helpers/coordinator-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Later steps first: a step's prompt also names the previous step's artifacts folder. */
const TWO_UNITS = {
  rules: [
    stepRule(
      "03-analyze-with-file",
      "printf '# Analysis\\n\\ngreet is fine.\\n' > {{1}}/analysis.md",
      "STATUS: ok\nWrote analysis.md",
      [{ file: "findings.json", sample: "ccw-findings/1" }],
    ),
    stepRule(
      "02-execute",
      "test -s {{1}}/../../01-lite-plan-a/artifacts/plan.json && mkdir -p src && printf 'export const greet = (name) => \"hello \" + name;\\n' > src/greet.js",
      "STATUS: ok\nImplemented src/greet.js",
      [
        { file: "execution.json", sample: "ccw-execution/1" },
        { file: "summary.md", content: "# Summary\n" },
      ],
    ),
    stepRule(
      "01-lite-plan-a",
      "printf '# Plan\\n' > {{1}}/plan.md",
      "STATUS: ok\nWrote plan.json",
      [{ file: "plan.json", sample: "ccw-plan/1" }],
    ),
  ],
};

describe("ccw coordinator with the real Codex", () => {
  it("runs a two-unit chain to completed and records everything the contract names", async () => {
    world = await startCoordinatorE2E(TWO_UNITS);
    const result = await runCli(
      [
        "coordinator",
        "codex",
        "Add a greet function",
        "--chain",
        "quick-implementation,analyze-with-file",
        "--yes",
        "--codex-bin",
        world.bin,
      ],
      { cwd: world.workspace, env: world.env },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    const id = sessionIdIn(result.stdout);
    const dir = sessionFolder(world.workspace, id);
    const state = readState(world.workspace, id);

    expect(state.status).toBe("completed");
    expect(state.owner).toBeNull();
    expect(state.units.map((unit) => [unit.id, unit.status])).toEqual([
      ["quick-implementation", "completed"],
      ["analyze-with-file", "completed"],
    ]);
    expect(state.command_chain.map((step) => [step.command, step.status, step.attempts])).toEqual([
      ["lite-plan-a", "completed", 1],
      ["execute", "completed", 1],
      ["analyze-with-file", "completed", 1],
    ]);
    expect(state.execution_results).toHaveLength(3);
    for (const record of state.execution_results) {
      expect(record).toMatchObject({ status: "completed", attempt: 1, exit_code: 0 });
      expect(record.pid).toBeGreaterThan(0);
      expect(record.codex_thread_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(record.usage?.input_tokens).toBeGreaterThan(0);
      expect(Date.parse(record.finished_at ?? "")).toBeGreaterThanOrEqual(
        Date.parse(record.started_at),
      );
    }
    expect(state.execution_results[0]?.artifacts.map((file) => path.basename(file))).toEqual([
      "plan.json",
      "plan.md",
    ]);
    expect(state.execution_results[1]?.artifacts.map((file) => path.basename(file))).toEqual([
      "execution.json",
      "summary.md",
    ]);
    expect(readFileSync(path.join(world.workspace, "src", "greet.js"), "utf8")).toContain("hello");

    const step1 = path.join(dir, "steps", "01-lite-plan-a");
    expect(readdirSync(step1).sort()).toEqual([
      "artifacts",
      "codex.jsonl",
      "last-message.md",
      "prompt.md",
      "stderr.log",
    ]);
    expect(readFileSync(path.join(step1, "last-message.md"), "utf8")).toBe(
      "STATUS: ok\nWrote plan.json\n",
    );
    const prompt = readFileSync(path.join(step1, "prompt.md"), "utf8");
    expect(prompt).toContain("Add a greet function");
    expect(prompt).toContain(path.join(step1, "artifacts"));
    expect(prompt).not.toMatch(/\$[A-Z]/);
    const events = readFileSync(path.join(step1, "codex.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).type);
    expect(events[0]).toBe("thread.started");
    expect(events.at(-1)).toBe("turn.completed");
    const execPrompt = readFileSync(path.join(dir, "steps", "02-execute", "prompt.md"), "utf8");
    expect(execPrompt).toContain(path.join(step1, "artifacts"));

    expect(JSON.parse(readFileSync(path.join(dir, "status.json"), "utf8"))).toMatchObject({
      session_id: id,
      workflow: "codex-coordinator",
      status: "completed",
      current: null,
      next: null,
      progress: { done: 3, total: 3 },
    });
    expect(eventKinds(world.workspace, id)).toEqual([
      "session.planned",
      "session.started",
      // Each step's contract is checked once (it passes: no repair turn, no extra request).
      ...["step.started", "step.thread", "step.contract", "step.completed"],
      ...["step.started", "step.thread", "step.contract", "step.completed"],
      ...["step.started", "step.thread", "step.contract", "step.completed"],
      "session.completed",
    ]);
    expect(world.server.requests.filter((request) => !request.followUp)).toHaveLength(3);
    expect(world.leftoverProcesses()).toEqual([]);
    expect(existsSync(path.join(dir, "lock"))).toBe(true);
    expect(readdirSync(path.join(dir, "lock"))).toEqual([]);
  });
});

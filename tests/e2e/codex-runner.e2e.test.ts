import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodex } from "../../ccw/src/tools/codex-runner.js";
import type { ModelServerScriptSource } from "../../ccw/src/tools/model-server/script.js";
import { type CodexE2E, startCodexE2E } from "../helpers/codex-e2e.js";

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
  it("completes a text reply", async () => {
    const w = await start({
      rules: [{ match: { contains: "hello" }, reply: { text: "hi there" } }],
    });
    const threads: string[] = [];
    const outcome = await runCodex({
      bin: w.bin,
      request: { sandbox: "read-only" },
      prompt: "hello codex",
      cwd: w.workspace,
      env: w.env,
      onThreadStarted: (id) => threads.push(id),
      eventLogPath: path.join(w.root, "logs", "codex.jsonl"),
      stderrLogPath: path.join(w.root, "logs", "stderr.log"),
    });
    expect(outcome).toMatchObject({ status: "completed", exitCode: 0, lastMessage: "hi there" });
    console.log(outcome);
  });
});

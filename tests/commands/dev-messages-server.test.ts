import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { CCW_BIN } from "../helpers/codex-e2e.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "ccw-messages-server-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("ccw dev messages-server", () => {
  it("serves the script, writes a scratch HOME, prints the port and stops on Ctrl-C", async () => {
    const script = path.join(dir, "script.yaml");
    writeFileSync(script, "turns:\n  - say: Hello from the stand-in.\n");
    const child = spawn(
      process.execPath,
      [
        CCW_BIN,
        "dev",
        "messages-server",
        "--script",
        script,
        "--claude-home",
        path.join(dir, "home"),
        "--trust",
        dir,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once("exit", (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
      method: "POST",
      body: JSON.stringify({
        tools: [{ name: "Bash" }],
        messages: [{ role: "user", content: "hi" }],
      }),
    });
    expect(await response.json()).toMatchObject({
      content: [{ type: "text", text: "Hello from the stand-in." }],
    });
    const claudeJson = JSON.parse(readFileSync(path.join(dir, "home", ".claude.json"), "utf8"));
    expect(claudeJson.projects[dir]).toMatchObject({ hasTrustDialogAccepted: true });
    expect(stderr).toContain(`ANTHROPIC_BASE_URL=http://127.0.0.1:${port}`);
    child.kill("SIGINT");
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
    expect(stderr).toContain("#0 POST /v1/messages → turn turns[0]");
    expect(stderr).toContain("messages server: stopped after 1 requests");
  });

  it("refuses an invalid script, naming every problem", async () => {
    const script = path.join(dir, "bad.json");
    writeFileSync(script, JSON.stringify({ turns: [{}] }));
    const result = await runCli(["dev", "messages-server", "--script", script]);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("turns.0: a turn needs say, tool or both");
  });
});

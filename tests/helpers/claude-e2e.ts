/**
 * End-to-end runs of the real Claude Code CLI (the `@anthropic-ai/claude-code` dev dependency)
 * against the project's scripted Messages API stand-in, with the real Codex behind ccw
 * (tests/helpers/coordinator-e2e.ts), offline: a git workspace, a scratch HOME that Claude
 * Code trusts, `ccw` on PATH (a shim that runs the built ccw), and helpers for print mode and
 * for the TUI under tmux.
 */
import { execFile, spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { writeClaudeHome } from "../../ccw/src/dev/messages-server/claude-home.js";
import type { MessagesScriptSource } from "../../ccw/src/dev/messages-server/script.js";
import {
  type MessagesServer,
  startMessagesServer,
} from "../../ccw/src/dev/messages-server/server.js";
import type { ModelServerScriptSource } from "../../ccw/src/dev/model-server/script.js";
import { CCW_BIN, type CodexE2E, REAL_CODEX_BIN, REPO_ROOT } from "./codex-e2e.js";
import { startCoordinatorE2E } from "./coordinator-e2e.js";

/** The real Claude Code CLI installed as a dev dependency. */
export const REAL_CLAUDE_BIN = path.join(REPO_ROOT, "node_modules", ".bin", "claude");

const run = promisify(execFile);

/** A Codex world whose workspace is a git repository, with `ccw` on PATH. */
export interface ClaudeWorld {
  readonly codex: CodexE2E;
  readonly workspace: string;
  /** The environment for ccw and Codex (PATH starts with the ccw shim's folder). */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the Codex side (model server, CODEX_HOME with the prompt pack) and the workspace. */
export async function startClaudeWorld(codexScript: ModelServerScriptSource): Promise<ClaudeWorld> {
  const codex = await startCoordinatorE2E(codexScript);
  const bin = path.join(codex.root, "bin");
  mkdirSync(bin);
  const shim = path.join(bin, "ccw");
  writeFileSync(
    shim,
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(CCW_BIN)} "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const env: Record<string, string> = {
    ...codex.env,
    PATH: `${bin}:${codex.env.PATH}`,
    CCW_CODEX_BIN: REAL_CODEX_BIN,
    GIT_CONFIG_NOSYSTEM: "1",
  };
  await run("git", ["init", "-q"], { cwd: codex.workspace, env });
  return {
    codex,
    workspace: codex.workspace,
    env,
    async close() {
      // A detached run that a failed test left behind (it and its Codex carry CODEX_HOME).
      for (const pid of codex.leftoverProcesses()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      await codex.close();
    },
  };
}

/** Copies the repository's slash command into the workspace's .claude/commands/. */
export function installProjectCommand(workspace: string): void {
  const target = path.join(workspace, ".claude", "commands");
  mkdirSync(target, { recursive: true });
  cpSync(
    path.join(REPO_ROOT, ".claude", "commands", "codex-coordinator.md"),
    path.join(target, "codex-coordinator.md"),
  );
}

/** Runs the built ccw in the world's workspace; resolves with its exit code and output. */
export async function ccwIn(world: ClaudeWorld, args: string[], timeout = 60_000) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CCW_BIN, ...args], {
      cwd: world.workspace,
      env: world.env,
      timeout,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? "", stderr: failure.stderr ?? "" };
  }
}

/** A Messages server for one Claude Code process, and the environment that points at it. */
export async function startClaude(
  world: ClaudeWorld,
  script: MessagesScriptSource,
  home = path.join(world.codex.root, "claude-home"),
): Promise<{ server: MessagesServer; env: Record<string, string> }> {
  const server = await startMessagesServer(script);
  const claudeHome = await writeClaudeHome({
    home,
    baseUrl: server.baseUrl,
    trusted: [world.workspace],
  });
  return { server, env: { ...world.env, ...claudeHome.env } };
}

/** One line of `--output-format stream-json`. */
export type StreamEvent = Record<string, unknown> & { type: string; subtype?: string };

/** `claude -p <prompt> --output-format stream-json --verbose` in the workspace. */
export async function claudePrint(
  world: ClaudeWorld,
  env: Record<string, string>,
  prompt: string,
  options: { timeoutMs?: number; extraArgs?: string[] } = {},
): Promise<{ code: number | null; events: StreamEvent[]; stderr: string }> {
  const child = spawn(
    REAL_CLAUDE_BIN,
    ["-p", prompt, "--output-format", "stream-json", "--verbose", ...(options.extraArgs ?? [])],
    { cwd: world.workspace, env, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  clearTimeout(timer);
  const events = stdout
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line) as StreamEvent);
  return { code, events, stderr };
}

/** The tool results of a print-mode run, with their text and error flag. */
export function toolResults(events: readonly StreamEvent[]): { text: string; isError: boolean }[] {
  return events
    .filter((event) => event.type === "user")
    .flatMap((event) => {
      const content = (event.message as { content?: unknown } | undefined)?.content;
      return Array.isArray(content) ? content : [];
    })
    .filter((block) => block?.type === "tool_result")
    .map((block) => ({
      text:
        typeof block.content === "string"
          ? block.content
          : Array.isArray(block.content)
            ? block.content.map((part: { text?: string }) => part.text ?? "").join("\n")
            : "",
      isError: block.is_error === true,
    }));
}

/** The first request of the main loop, as JSON text (what reached the model first). */
export function firstMainRequest(server: MessagesServer): string {
  const request = server.requests.find((entry) => entry.tools.length > 0);
  return JSON.stringify(request?.body ?? {});
}

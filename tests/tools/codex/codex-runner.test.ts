import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CodexCapabilities } from "../../../ccw/src/tools/codex/codex-argv.js";
import type { CodexEvent } from "../../../ccw/src/tools/codex/codex-events.js";
import { type CodexRunOptions, runCodex } from "../../../ccw/src/tools/codex/codex-runner.js";
import { eventually } from "../../helpers/codex-e2e.js";

const FAKE = fileURLToPath(new URL("../../fixtures/fake-codex/fake-codex.mjs", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-runner-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ALL_FLAGS: CodexCapabilities = {
  flags: new Set([
    "--json",
    "--skip-git-repo-check",
    "--color",
    "--cd",
    "--sandbox",
    "--model",
    "--profile",
    "--image",
    "--add-dir",
    "--output-schema",
    "--output-last-message",
    "--config",
    "--enable",
    "--disable",
    "--ephemeral",
  ]),
  resumeFlags: new Set(["--last"]),
  resume: true,
  version: "0.169.0",
};

let counter = 0;
/** Runs the fake Codex with a scenario; returns the outcome and what the fake received. */
async function fake(scenario: string, options: Partial<CodexRunOptions> = {}) {
  const record = path.join(tmp, `record-${++counter}.json`);
  const outcome = await runCodex({
    bin: FAKE,
    request: {},
    prompt: "do the thing",
    capabilities: ALL_FLAGS,
    ...options,
    env: {
      PATH: process.env.PATH,
      FAKE_CODEX_SCENARIO: scenario,
      FAKE_CODEX_RECORD: record,
      ...options.env,
    },
  });
  const received = () =>
    JSON.parse(readFileSync(record, "utf8")) as {
      argv: string[];
      stdin: string;
      cwd: string;
      pid: number;
      helperPids: number[];
    };
  return { outcome, received };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("runCodex: endings", () => {
  it("completes: exit 0, turn.completed, the last message and usage", async () => {
    const { outcome } = await fake("ok");
    expect(outcome).toMatchObject({
      status: "completed",
      exitCode: 0,
      signal: null,
      threadId: "0199a213-81c0-7800-8aa1-bbab2a035a53",
      lastMessage: "fake reply",
      usage: { input_tokens: 12, output_tokens: 3 },
      protocolProblems: [],
    });
    expect(outcome.error).toBeUndefined();
  });

  it("reports commands and changed files (one entry per path, latest kind)", async () => {
    const { outcome } = await fake("work");
    expect(outcome.status).toBe("completed");
    expect(outcome.commands).toEqual([
      {
        command: "bash -lc 'echo hi > a.txt'",
        exitCode: 0,
        status: "completed",
        outputTail: "done\n",
      },
    ]);
    expect(outcome.filesChanged).toEqual([
      { path: "src/a.ts", kind: "update" },
      { path: "src/b.ts", kind: "update" },
    ]);
  });

  it("a crash mid-stream is a failure with the exit code and the panic line", async () => {
    const { outcome } = await fake("crash");
    expect(outcome).toMatchObject({ status: "failed", exitCode: 101 });
    expect(outcome.error).toBe(
      "Codex exited with code 101: thread 'main' panicked at src/exec.rs:42:7: index out of bounds",
    );
    expect(outcome.threadId).toBe("0199a213-81c0-7800-8aa1-bbab2a035a53");
    // The cut-off last line is a protocol problem, not a crash of the runner.
    expect(outcome.protocolProblems).toEqual([expect.stringMatching(/^line 3: not JSON: /)]);
  });

  it("garbage lines are protocol problems; the run still completes", async () => {
    const { outcome } = await fake("garbage");
    expect(outcome.status).toBe("completed");
    expect(outcome.protocolProblems).toEqual([
      "line 3: not JSON: Reading prompt from stdin...",
      'line 5: not an event object with a string "type": [1, 2, 3]',
      'line 6: not an event object with a string "type": {"no_type": true}',
      'line 7: thread.started has an unexpected shape (thread_id: Invalid input: expected string, received undefined): {"type":"thread.started"}',
      'line 8: item.completed agent_message has an unexpected shape (text: Invalid input: expected string, received undefined): {"type":"item.completed","item":{"id":"x","type":"agent_message"}}',
      "line 9: not JSON: \u001b[31mcoloured noise\u001b[0m",
    ]);
  });

  it("keeps unknown event and item types as typed `unknown` events", async () => {
    const events: CodexEvent[] = [];
    const { outcome } = await fake("unknown-types", { onEvent: (event) => events.push(event) });
    expect(outcome.status).toBe("completed");
    expect(events).toContainEqual({
      type: "unknown",
      eventType: "session.configured",
      raw: { type: "session.configured", model: "gpt-9", extra: { nested: true } },
    });
    expect(events).toContainEqual({
      type: "item.completed",
      item: {
        type: "unknown",
        itemType: "hologram",
        id: "item_1",
        raw: { id: "item_1", type: "hologram", payload: [1, 2] },
      },
    });
  });

  it("exit 0 with turn.failed is a failure carrying Codex's message", async () => {
    const { outcome } = await fake("turn-failed-exit0");
    expect(outcome).toMatchObject({
      status: "failed",
      exitCode: 0,
      error: "stream disconnected before completion: upstream closed",
    });
  });

  it("exit 0 with an error event is a failure even after turn.completed", async () => {
    const { outcome } = await fake("error-exit0");
    expect(outcome).toMatchObject({ status: "failed", exitCode: 0, error: "quota exceeded" });
  });

  it("exit 0 without turn.completed is a failure", async () => {
    const { outcome } = await fake("no-turn-completed");
    expect(outcome).toMatchObject({
      status: "failed",
      exitCode: 0,
      lastMessage: "half way",
      error: "Codex exited without finishing the turn (no turn.completed event)",
    });
  });

  it("killed by a signal is a failure naming the signal", async () => {
    const { outcome } = await fake("killed");
    expect(outcome).toMatchObject({
      status: "failed",
      exitCode: null,
      signal: "SIGKILL",
      error: "Codex was killed by SIGKILL",
    });
  });

  it("a non-zero exit without events takes Codex's Error: line from stderr", async () => {
    const { outcome } = await fake("exit-nonzero");
    expect(outcome).toMatchObject({
      status: "failed",
      exitCode: 1,
      error: "Codex exited with code 1: Error: thread/resume: no rollout found for thread id nope",
    });
  });

  it("handles very long lines (a 2 MiB garbage line, an 8 MiB message)", async () => {
    const { outcome } = await fake("long-lines");
    expect(outcome.status).toBe("completed");
    expect(outcome.lastMessage).toHaveLength(8 * 1024 * 1024);
    expect(outcome.protocolProblems).toEqual([
      expect.stringMatching(/^line 3: not JSON: x{117}\.\.\. \(2097152 chars\)$/),
    ]);
  });

  it("a binary that does not exist is not_started, with the reason", async () => {
    const outcome = await runCodex({
      bin: path.join(tmp, "no-such-codex"),
      request: {},
      prompt: "x",
      capabilities: ALL_FLAGS,
    });
    expect(outcome).toMatchObject({ status: "not_started", exitCode: null });
    expect(outcome.error).toMatch(/^cannot start .*no-such-codex: ENOENT/);
  });

  it("an environment value with a NUL byte is not_started, not a crash", async () => {
    const { outcome } = await fake("ok", { env: { BROKEN: "a\0b" } });
    expect(outcome.status).toBe("not_started");
    expect(outcome.error).toMatch(/^cannot start .*fake-codex\.mjs: /);
  });

  it("a missing working directory is not_started (not a misleading ENOENT of the binary)", async () => {
    const { outcome } = await fake("ok", { cwd: path.join(tmp, "missing-dir") });
    expect(outcome.status).toBe("not_started");
    expect(outcome.error).toMatch(/^working directory .*missing-dir cannot be used: ENOENT/);
  });
});

describe("runCodex: the event parser loads while Codex runs", () => {
  it("loses no line when Codex exits before the parser has loaded", async () => {
    vi.resetModules();
    vi.doMock("../../../ccw/src/tools/codex/codex-events.js", async (importOriginal) => {
      await new Promise((resolve) => setTimeout(resolve, 800));
      return importOriginal();
    });
    try {
      const fresh = await import("../../../ccw/src/tools/codex/codex-runner.js");
      const lines: string[] = [];
      const outcome = await fresh.runCodex({
        bin: FAKE,
        request: {},
        prompt: "x",
        capabilities: ALL_FLAGS,
        env: { PATH: process.env.PATH, FAKE_CODEX_SCENARIO: "ok" },
        onLine: (line) => lines.push(line),
      });
      expect(lines).toHaveLength(4);
      expect(outcome).toMatchObject({ status: "completed", lastMessage: "fake reply" });
      expect(outcome.durationMs).toBeGreaterThan(700);
    } finally {
      vi.doUnmock("../../../ccw/src/tools/codex/codex-events.js");
      vi.resetModules();
    }
  });
});

describe("runCodex: the prompt and the argv", () => {
  it("writes the prompt to stdin byte for byte and passes no shell", async () => {
    const prompt = "$(touch pwned) ; rm -rf x `id` \"quoted\" 'single'\r\nünïcødé ✓\n\n";
    const cwd = mkdtempSync(path.join(tmp, "cwd-"));
    const { outcome, received } = await fake("echo-prompt", { prompt, cwd });
    expect(outcome.lastMessage).toBe(prompt);
    expect(Buffer.from(received().stdin, "base64").toString("utf8")).toBe(prompt);
    expect(received().argv).toEqual([
      "exec",
      "--json",
      "--skip-git-repo-check",
      "--color",
      "never",
      "-",
    ]);
    expect(received().cwd).toBe(cwd);
  });

  it("passes raw bytes unchanged (not valid UTF-8)", async () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x00, 0x41, 0x0a, 0xc3]);
    const { received } = await fake("ok", { prompt: bytes });
    expect([...Buffer.from(received().stdin, "base64")]).toEqual([...bytes]);
  });

  it("with a prompt file, Codex reads that file as its stdin (no pipe to cut short)", async () => {
    const file = path.join(tmp, "prompt-file.md");
    writeFileSync(file, "the whole prompt, from its file\n");
    const { outcome, received } = await fake("echo-prompt", {
      prompt: "not what Codex reads",
      promptFile: file,
    });
    expect(outcome.status).toBe("completed");
    expect(Buffer.from(received().stdin, "base64").toString("utf8")).toBe(
      "the whole prompt, from its file\n",
    );
  });

  it("a prompt file that cannot be opened is not_started, with the reason", async () => {
    const { outcome } = await fake("ok", { promptFile: path.join(tmp, "no-such-prompt.md") });
    expect(outcome.status).toBe("not_started");
    expect(outcome.error).toContain("no-such-prompt.md");
  });

  it("survives a Codex that never reads its stdin (a large prompt)", async () => {
    const { outcome } = await fake("ignore-stdin", { prompt: "z".repeat(4 * 1024 * 1024) });
    expect(outcome.status).toBe("completed");
  });

  it("refuses a flag the probed Codex lacks, before starting anything", async () => {
    const old: CodexCapabilities = { ...ALL_FLAGS, flags: new Set(["--json"]), version: "0.30.0" };
    await expect(
      fake("ok", { request: { addDirs: ["/x"] }, capabilities: old }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[UsageError: the installed Codex 0.30.0 does not support --skip-git-repo-check, --color, --add-dir, which this request needs]`,
    );
  });

  it("probes the binary's help when no capabilities are given", async () => {
    const { outcome } = await fake("ok", {
      capabilities: undefined,
      request: { ephemeral: true },
      env: { FAKE_CODEX_WITHOUT: "--ephemeral", FAKE_CODEX_VERSION: "0.90.0" },
    }).catch((error: unknown) => ({ outcome: error }));
    expect(String(outcome)).toBe(
      "UsageError: the installed Codex 0.90.0 does not support --ephemeral, which this request needs",
    );
  });
});

describe("runCodex: progress as it happens", () => {
  it("calls onThreadStarted once, before later events, and logs every raw line", async () => {
    const order: string[] = [];
    const logs = path.join(tmp, "logs-progress");
    const { outcome } = await fake("garbage", {
      onThreadStarted: (id) => order.push(`thread ${id}`),
      onEvent: (event) => order.push(event.type),
      onSpawn: (pid) => order.push(`spawn ${pid > 0}`),
      eventLogPath: path.join(logs, "codex.jsonl"),
    });
    expect(order).toEqual([
      "spawn true",
      "thread.started",
      "thread 0199a213-81c0-7800-8aa1-bbab2a035a53",
      "turn.started",
      "item.completed",
      "turn.completed",
    ]);
    const log = readFileSync(path.join(logs, "codex.jsonl"), "utf8").split("\n");
    expect(log).toHaveLength(11); // 10 non-empty lines, then the final newline
    expect(log[2]).toBe("Reading prompt from stdin...");
    expect(outcome.status).toBe("completed");
  });

  it("keeps the whole stderr in its log and a short tail in the outcome", async () => {
    const stderrLog = path.join(tmp, "logs-stderr", "stderr.log");
    const { outcome } = await fake("stderr-flood", { stderrLogPath: stderrLog });
    const whole = readFileSync(stderrLog, "utf8");
    expect(whole.split("\n")).toHaveLength(2001);
    expect(outcome.stderrTail.length).toBeLessThanOrEqual(4096);
    expect(whole.endsWith(outcome.stderrTail)).toBe(true);
  });

  it("a throwing callback is recorded, and the run goes on", async () => {
    const { outcome } = await fake("ok", {
      onEvent: () => {
        throw new Error("listener bug");
      },
    });
    expect(outcome.status).toBe("completed");
    expect(outcome.handlerErrors).toEqual([
      "onEvent: listener bug",
      "onEvent: listener bug",
      "onEvent: listener bug",
      "onEvent: listener bug",
    ]);
  });
});

describe("runCodex: timeouts, aborts and leftovers", () => {
  it("a timeout stops the whole group, escalating to SIGKILL, and reaps everything", async () => {
    const { outcome, received } = await fake("hang", { timeoutMs: 1500, killGraceMs: 200 });
    expect(outcome).toMatchObject({
      status: "timed_out",
      signal: "SIGKILL",
      threadId: "0199a213-81c0-7800-8aa1-bbab2a035a53",
      error: "Codex did not finish within 1.5s; ccw stopped its process group",
    });
    const { pid, helperPids } = received();
    expect(helperPids).toHaveLength(1);
    expect(
      await eventually(
        () => [pid, ...helperPids].filter(alive),
        (l) => l.length === 0,
      ),
    ).toEqual([]);
  });

  it("a polite Codex stops on SIGTERM within the grace period", async () => {
    const { outcome } = await fake("hang-polite", { timeoutMs: 200, killGraceMs: 10_000 });
    expect(outcome).toMatchObject({ status: "timed_out", exitCode: 143, signal: null });
    expect(outcome.durationMs).toBeLessThan(5000);
    expect(outcome.stderrTail).toContain("stopping on SIGTERM");
  });

  it("an AbortSignal stops the run with status aborted", async () => {
    const controller = new AbortController();
    const { outcome } = await fake("hang", {
      signal: controller.signal,
      killGraceMs: 100,
      onThreadStarted: () => controller.abort("SIGINT"),
    });
    expect(outcome).toMatchObject({
      status: "aborted",
      error: "interrupted (SIGINT); ccw stopped Codex's process group",
    });
  });

  it("an already aborted signal starts nothing", async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcome } = await fake("ok", { signal: controller.signal });
    expect(outcome).toMatchObject({ status: "aborted", error: "interrupted before Codex started" });
    expect(outcome.pid).toBeUndefined();
  });

  it("a helper left in the group after a normal exit is killed too", async () => {
    const { outcome, received } = await fake("leave-helper");
    expect(outcome.status).toBe("completed");
    const helpers = received().helperPids;
    expect(
      await eventually(
        () => helpers.filter(alive),
        (l) => l.length === 0,
      ),
    ).toEqual([]);
  });

  it("does not hang when an escaped process keeps stdout open", async () => {
    const { outcome, received } = await fake("escape");
    try {
      expect(outcome.status).toBe("completed");
      expect(outcome.durationMs).toBeLessThan(8000);
    } finally {
      for (const pid of received().helperPids) process.kill(pid, "SIGKILL");
    }
  });
});

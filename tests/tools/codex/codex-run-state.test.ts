import { describe, expect, it } from "vitest";
import {
  classifyRun,
  emptyRunFacts,
  formatDuration,
  observeEvent,
  type ProcessEnd,
  type RunFacts,
  stderrErrorLine,
  type Termination,
} from "../../../ccw/src/tools/codex/codex-run-state.js";

const facts = (patch: Partial<RunFacts>): RunFacts => ({ ...emptyRunFacts(), ...patch });
const exit = (exitCode: number | null, signal: string | null = null): ProcessEnd => ({
  exitCode,
  signal,
});

describe("classifyRun", () => {
  const rows: [
    string,
    RunFacts,
    ProcessEnd,
    Termination | undefined,
    string,
    string | undefined,
  ][] = [
    [
      "exit 0 + turn.completed",
      facts({ turnCompleted: true }),
      exit(0),
      undefined,
      "completed",
      undefined,
    ],
    [
      "exit 0 + turn.completed + turn.failed",
      facts({ turnCompleted: true, turnFailure: "boom" }),
      exit(0),
      undefined,
      "failed",
      "boom",
    ],
    [
      "exit 0 + turn.completed + an error event",
      facts({ turnCompleted: true, streamErrors: ["quota"] }),
      exit(0),
      undefined,
      "failed",
      "quota",
    ],
    [
      "exit 0 without turn.completed",
      facts({}),
      exit(0),
      undefined,
      "failed",
      "Codex exited without finishing the turn (no turn.completed event)",
    ],
    [
      "exit 1 after turn.completed",
      facts({ turnCompleted: true }),
      exit(1),
      undefined,
      "failed",
      "Codex exited with code 1",
    ],
    [
      "a signal",
      facts({ turnCompleted: true }),
      exit(null, "SIGSEGV"),
      undefined,
      "failed",
      "Codex was killed by SIGSEGV",
    ],
    [
      "turn.failed wins over the exit code",
      facts({ turnFailure: "model down", streamErrors: ["other"] }),
      exit(1),
      undefined,
      "failed",
      "model down",
    ],
    [
      "a timeout wins over everything",
      facts({ turnCompleted: true }),
      exit(0),
      { kind: "timed_out", timeoutMs: 90_000 },
      "timed_out",
      "Codex did not finish within 1m 30s; ccw stopped its process group",
    ],
    [
      "an abort",
      facts({}),
      exit(null, "SIGTERM"),
      { kind: "aborted", reason: "SIGINT" },
      "aborted",
      "interrupted (SIGINT); ccw stopped Codex's process group",
    ],
  ];

  it.each(rows)("%s", (_name, runFacts, end, termination, status, error) => {
    const verdict = classifyRun(runFacts, end, termination, "");
    expect(verdict.status).toBe(status);
    expect("error" in verdict ? verdict.error : undefined).toBe(error);
  });

  it("adds Codex's stderr explanation to an exit code", () => {
    expect(
      classifyRun(
        facts({}),
        exit(1),
        undefined,
        "WARNING: x\nError: no rollout found for thread id y\n",
      ),
    ).toEqual({
      status: "failed",
      error: "Codex exited with code 1: Error: no rollout found for thread id y",
    });
  });
});

describe("observeEvent", () => {
  it("keeps the first thread id, the last message and usage, commands and file changes", () => {
    const state = emptyRunFacts();
    observeEvent(state, { type: "thread.started", thread_id: "t1" });
    observeEvent(state, { type: "thread.started", thread_id: "t2" });
    observeEvent(state, {
      type: "item.completed",
      item: { id: "1", type: "agent_message", text: "first" },
    });
    observeEvent(state, {
      type: "item.completed",
      item: { id: "2", type: "agent_message", text: "last" },
    });
    observeEvent(state, {
      type: "item.completed",
      item: {
        id: "3",
        type: "command_execution",
        command: "ls",
        aggregated_output: "x".repeat(5000),
        status: "failed",
        exit_code: 2,
      },
    });
    observeEvent(state, {
      type: "item.completed",
      item: {
        id: "4",
        type: "file_change",
        changes: [{ path: "a", kind: "add" }],
        status: "failed",
      },
    });
    observeEvent(state, {
      type: "item.completed",
      item: {
        id: "5",
        type: "file_change",
        changes: [{ path: "b", kind: "delete" }],
        status: "completed",
      },
    });
    observeEvent(state, { type: "turn.completed", usage: { input_tokens: 5, output_tokens: 1 } });
    expect(state).toMatchObject({
      threadId: "t1",
      lastMessage: "last",
      turnCompleted: true,
      usage: { input_tokens: 5, output_tokens: 1 },
      filesChanged: [{ path: "b", kind: "delete" }],
    });
    expect(state.commands).toEqual([
      { command: "ls", exitCode: 2, status: "failed", outputTail: "x".repeat(2000) },
    ]);
  });

  it("ignores an agent message that only started", () => {
    const state = emptyRunFacts();
    observeEvent(state, {
      type: "item.started",
      item: { id: "1", type: "agent_message", text: "draft" },
    });
    expect(state.lastMessage).toBeUndefined();
  });
});

describe("stderrErrorLine", () => {
  it.each([
    ["", undefined],
    ["WARNING: only a warning\n", undefined],
    ["noise\nError: the reason\nStack backtrace:\n  0: <unknown>\n", "Error: the reason"],
    [
      "error: unexpected argument '--full-auto' found\n\nUsage: codex exec",
      "error: unexpected argument '--full-auto' found",
    ],
    [
      "thread 'main' panicked at a.rs:1:2:\nboom\nnote: run with RUST_BACKTRACE=1",
      "thread 'main' panicked at a.rs:1:2: boom",
    ],
    ["first\nlast line\n", "last line"],
  ])("%j → %j", (tail, line) => {
    expect(stderrErrorLine(tail)).toBe(line);
  });
});

describe("formatDuration", () => {
  it.each([
    [250, "250ms"],
    [1500, "1.5s"],
    [60_000, "1m"],
    [90_000, "1m 30s"],
    [7_200_000, "2h"],
    [5_400_000, "1h 30m"],
  ])("%d → %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

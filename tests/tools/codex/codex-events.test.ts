import { describe, expect, it } from "vitest";
import { parseCodexEventLine } from "../../../ccw/src/tools/codex/codex-events.js";

/** Lines as Codex 0.169.0 printed them against the local model server (specs/codex-facts.md). */
const REAL_LINES = [
  '{"type":"thread.started","thread_id":"01a1fbf2-ff82-72f2-8c05-098a1ba3504f"}',
  '{"type":"item.completed","item":{"id":"item_0","type":"error","message":"Model metadata for `mock-model` not found."}}',
  '{"type":"turn.started"}',
  '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc \'echo hi > proof.txt\'","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
  '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"/bin/bash -lc \'echo hi\'","aggregated_output":"hi\\n","exit_code":0,"status":"completed"}}',
  '{"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"wrote proof.txt"}}',
  '{"type":"turn.completed","usage":{"input_tokens":20,"cached_input_tokens":0,"cache_write_input_tokens":0,"output_tokens":10,"reasoning_output_tokens":0}}',
  '{"type":"error","message":"We’re currently experiencing high demand"}',
  '{"type":"turn.failed","error":{"message":"We’re currently experiencing high demand"}}',
];

describe("parseCodexEventLine", () => {
  it("parses every line real Codex printed", () => {
    const parsed = REAL_LINES.map(parseCodexEventLine);
    expect(parsed.every((result) => result.ok)).toBe(true);
    expect(parsed.map((result) => (result.ok ? result.event.type : "?"))).toEqual([
      "thread.started",
      "item.completed",
      "turn.started",
      "item.started",
      "item.completed",
      "item.completed",
      "turn.completed",
      "error",
      "turn.failed",
    ]);
  });

  it("types each item kind", () => {
    const items = [
      { id: "a", type: "agent_message", text: "hi" },
      { id: "b", type: "reasoning", text: "thinking" },
      { id: "c", type: "command_execution", command: "ls", status: "in_progress" },
      {
        id: "d",
        type: "file_change",
        changes: [{ path: "a.ts", kind: "add" }],
        status: "completed",
      },
      {
        id: "e",
        type: "mcp_tool_call",
        server: "s",
        tool: "t",
        status: "completed",
        arguments: {},
      },
      { id: "f", type: "web_search", query: "zod v4" },
      { id: "g", type: "todo_list", items: [{ text: "x", completed: false }] },
      { id: "h", type: "error", message: "careful" },
      { id: "i", type: "plan", text: "1. do" },
    ];
    for (const item of items) {
      const result = parseCodexEventLine(JSON.stringify({ type: "item.updated", item }));
      expect(result).toMatchObject({
        ok: true,
        event: { type: "item.updated", item: { type: item.type } },
      });
    }
    const command = parseCodexEventLine(JSON.stringify({ type: "item.started", item: items[2] }));
    // Missing output defaults to "", a missing exit code stays absent.
    expect(command).toEqual({
      ok: true,
      event: {
        type: "item.started",
        item: {
          id: "c",
          type: "command_execution",
          command: "ls",
          aggregated_output: "",
          status: "in_progress",
        },
      },
    });
  });

  it("keeps unknown event types whole", () => {
    expect(parseCodexEventLine('{"type":"turn.paused","reason":"user"}')).toEqual({
      ok: true,
      event: {
        type: "unknown",
        eventType: "turn.paused",
        raw: { type: "turn.paused", reason: "user" },
      },
    });
  });

  it("keeps unknown item types whole, with their id", () => {
    expect(
      parseCodexEventLine(
        '{"type":"item.completed","item":{"id":"x","type":"image_view","path":"a.png"}}',
      ),
    ).toEqual({
      ok: true,
      event: {
        type: "item.completed",
        item: {
          type: "unknown",
          itemType: "image_view",
          id: "x",
          raw: { id: "x", type: "image_view", path: "a.png" },
        },
      },
    });
  });

  it("accepts newer fields and statuses it does not know", () => {
    const line = JSON.stringify({
      type: "item.completed",
      item: {
        id: "c",
        type: "command_execution",
        command: "ls",
        aggregated_output: "",
        exit_code: 1,
        status: "declined",
        sandboxed: true,
      },
    });
    expect(parseCodexEventLine(line)).toMatchObject({
      ok: true,
      event: { item: { status: "declined", exit_code: 1 } },
    });
    expect(parseCodexEventLine('{"type":"turn.completed"}')).toEqual({
      ok: true,
      event: { type: "turn.completed" },
    });
  });

  it.each([
    ["plain text", "Reading prompt from stdin...", "not JSON: Reading prompt from stdin..."],
    ["a cut-off line", '{"type":"item.comp', 'not JSON: {"type":"item.comp'],
    ["an array", "[1,2]", 'not an event object with a string "type": [1,2]'],
    ["a number type", '{"type":3}', 'not an event object with a string "type": {"type":3}'],
    ["null", "null", 'not an event object with a string "type": null'],
    [
      "a known event with a wrong shape",
      '{"type":"turn.failed","error":"boom"}',
      'turn.failed has an unexpected shape (error: Invalid input: expected object, received string): {"type":"turn.failed","error":"boom"}',
    ],
    [
      "an item event without an item",
      '{"type":"item.completed"}',
      'item event has an unexpected shape (item: Invalid input: expected object, received undefined): {"type":"item.completed"}',
    ],
    [
      "a known item with a wrong shape",
      '{"type":"item.completed","item":{"id":"f","type":"file_change","changes":"a.ts","status":"completed"}}',
      'item.completed file_change has an unexpected shape (changes: Invalid input: expected array, received string): {"type":"item.completed","item":{"id":"f","type":"file_change","changes":"a.ts","status":"completed"}}',
    ],
  ])("%s is a protocol problem", (_name, line, problem) => {
    expect(parseCodexEventLine(line)).toEqual({ ok: false, problem });
  });

  it("shortens a huge line in its problem", () => {
    const result = parseCodexEventLine("z".repeat(1_000_000));
    expect(result).toEqual({
      ok: false,
      problem: `not JSON: ${"z".repeat(117)}... (1000000 chars)`,
    });
  });

  it("does not let an event named like an Object prototype key through as known", () => {
    expect(parseCodexEventLine('{"type":"constructor"}')).toMatchObject({
      ok: true,
      event: { type: "unknown", eventType: "constructor" },
    });
  });
});

import { describe, expect, it } from "vitest";
import { activityOf } from "../../ccw/src/view/codex-activity.js";

const line = (value: unknown) => JSON.stringify(value);

describe("Codex activity from codex.jsonl", () => {
  it("turns events into commands, messages and turns, and keeps unknown lines visible", () => {
    const items = activityOf(
      [
        line({ type: "thread.started", thread_id: "t" }),
        line({ type: "turn.started" }),
        line({ type: "item.completed", item: { id: "r", type: "reasoning", text: "thinking" } }),
        line({
          type: "item.completed",
          item: {
            id: "c",
            type: "command_execution",
            command: "ls",
            aggregated_output: "x".repeat(3000),
            exit_code: 2,
            status: "failed",
          },
        }),
        line({
          type: "item.completed",
          item: {
            id: "f",
            type: "file_change",
            changes: [{ path: "a.ts", kind: "add" }],
            status: "completed",
          },
        }),
        line({ type: "item.completed", item: { id: "m", type: "agent_message", text: "done" } }),
        line({ type: "item.completed", item: { id: "n", type: "brand_new_item" } }),
        line({ type: "brand.new.event" }),
        line({ type: "turn.completed", usage: { input_tokens: 10, output_tokens: 2 } }),
        line({ type: "turn.failed", error: { message: "boom" } }),
        "not json",
        "",
      ],
      "p",
    );
    expect(items.map((item) => [item.id, item.kind, item.text])).toEqual([
      ["p-0", "turn", "thread t started"],
      ["p-1", "turn", "turn started"],
      ["r", "reasoning", "thinking"],
      ["c", "command", "ls"],
      ["f", "file_change", "add a.ts"],
      ["m", "message", "done"],
      ["n", "other", "brand_new_item"],
      ["p-8", "turn", "turn completed (10 tokens in, 2 out)"],
      ["p-9", "error", "turn failed: boom"],
      ["p-10", "other", "not JSON: not json"],
    ]);
    expect(items[3]).toMatchObject({ exit_code: 2, status: "failed" });
    expect(items[3]?.output).toHaveLength(2000);
  });
});

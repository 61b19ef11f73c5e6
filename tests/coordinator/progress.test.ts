import { PassThrough } from "node:stream";
import { stripVTControlCharacters as stripAnsi } from "node:util";
import { describe, expect, it } from "vitest";
import { createProgressObserver, describeActivity } from "../../ccw/src/coordinator/progress.js";
import { beginAttempt, finishAttempt } from "../../ccw/src/coordinator/transitions.js";
import { createStyler } from "../../ccw/src/output.js";
import { plannedSession } from "../helpers/session-fixture.js";

function stream(isTTY: boolean) {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  out.isTTY = isTTY;
  out.columns = 80;
  let text = "";
  out.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  return { out, text: () => text };
}

const T = "2026-11-21T10:00:00.000Z";

function runOneStep(isTTY: boolean) {
  const { out, text } = stream(isTTY);
  let now = 0;
  const observer = createProgressObserver({
    stream: out,
    style: createStyler(out, {}),
    now: () => now,
  });
  let state = plannedSession();
  observer.sessionStarted?.(state, { recovered: [1], tookOverFrom: 4242 });
  state = beginAttempt(state, 0, T);
  observer.stepStarted?.(state, 0, { kind: "fresh" });
  now = 1500;
  observer.codexEvent?.(state, 0, {
    type: "item.started",
    item: {
      id: "1",
      type: "command_execution",
      command: "/bin/bash -lc 'npm test'",
      aggregated_output: "",
      status: "in_progress",
    },
  });
  now = 2500;
  state = finishAttempt(state, 0, "completed", { finished_at: T });
  observer.stepFinished?.(state, 0, state.execution_results[0]);
  observer.close();
  return text();
}

describe("progress", () => {
  it("prints one line per start and end, and nothing in between, without a terminal", () => {
    expect(runOneStep(false)).toBe(
      [
        "codex-coord-20261121-143025-7f3a: running 2 of 2 steps (recovered interrupted step 2; took over the lock of dead pid 4242)",
        "[1/2] lite-plan-a: started",
        "✓ [1/2] lite-plan-a completed in 2.5s",
        "",
      ].join("\n"),
    );
  });

  it("keeps a live line of what Codex does on a terminal", () => {
    const raw = runOneStep(true);
    expect(raw).toContain("\r\u001b[2K");
    const text = stripAnsi(raw);
    expect(text).toContain("[1/2] lite-plan-a · 0ms · starting Codex");
    expect(text).toContain("[1/2] lite-plan-a · 1.5s · $ npm test");
    expect(text).toContain("✓ [1/2] lite-plan-a completed in 2.5s");
  });

  it.each([
    [{ type: "turn.started" }, "thinking"],
    [
      {
        type: "item.completed",
        item: {
          id: "1",
          type: "file_change",
          changes: [{ path: "src/a.ts", kind: "update" }],
          status: "completed",
        },
      },
      "edited src/a.ts",
    ],
    [
      { type: "item.completed", item: { id: "1", type: "agent_message", text: "done" } },
      "writing the answer",
    ],
    [{ type: "thread.started", thread_id: "t" }, undefined],
  ] as const)("describes %j as %s", (event, activity) => {
    expect(describeActivity(event as Parameters<typeof describeActivity>[0])).toBe(activity);
  });
});

import { describe, expect, it } from "vitest";
import {
  nextAnswer,
  parseMessagesScript,
  type ScriptCursor,
} from "../../../ccw/src/dev/messages-server/script.js";

const result = (text: string) => ({ toolUseId: "t", text, isError: false });

describe("messages-server scripts", () => {
  const script = parseMessagesScript({
    vars: { session: "id=(\\w+)" },
    turns: [
      { tool: { name: "Bash", input: { command: "plan" } } },
      {
        tool: { name: "Bash", input: { command: "wait {{session}}" } },
        repeatWhile: "still running",
      },
      { say: "done {{session}}" },
    ],
  });

  it("answers main-loop requests with the turns in order, side requests with the side text", () => {
    const cursor: ScriptCursor = { next: 0, last: undefined };
    let ids = 0;
    const ask = (mainLoop: boolean, latest: string[], all: string[] = latest) =>
      nextAnswer(
        script,
        cursor,
        { mainLoop, latestResults: latest.map(result), allResults: all.map(result) },
        () => `id${++ids}`,
      );
    expect(ask(false, [])).toEqual({
      kind: "side",
      blocks: [{ type: "text", text: "ccw session" }],
    });
    expect(ask(true, [])).toMatchObject({
      kind: "turn",
      turn: 0,
      blocks: [{ type: "tool_use", id: "id1", name: "Bash", input: { command: "plan" } }],
    });
    expect(ask(true, ["id=abc"])).toMatchObject({
      turn: 1,
      repeated: false,
      blocks: [{ input: { command: "wait abc" } }],
    });
    expect(ask(true, ["still running"], ["id=abc", "still running"])).toMatchObject({
      turn: 1,
      repeated: true,
      blocks: [{ id: "id3", input: { command: "wait abc" } }],
    });
    expect(ask(true, ["completed"], ["id=abc", "completed"])).toMatchObject({
      turn: 2,
      blocks: [{ type: "text", text: "done abc" }],
    });
    expect(ask(true, [])).toMatchObject({ kind: "done" });
  });

  it("says which var is unfilled instead of sending a placeholder", () => {
    const cursor: ScriptCursor = { next: 1, last: undefined };
    const answer = nextAnswer(
      script,
      cursor,
      { mainLoop: true, latestResults: [], allResults: [] },
      () => "x",
    );
    expect(answer).toMatchObject({ kind: "unfilled", turn: 1 });
    expect(JSON.stringify(answer.blocks)).toContain("{{session}} is not filled");
  });

  it("lists every problem of an invalid script", () => {
    expect(() =>
      parseMessagesScript({
        vars: { bad: "(" },
        turns: [{}, { say: "{{nope}}" }, { say: "x", repeatWhile: "y" }],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDataError: invalid messages-server script (4 problems):
      messages-server script: turns.0: a turn needs say, tool or both
      messages-server script: turns.2.repeatWhile: repeatWhile goes with tool (it looks at the tool's result)
      messages-server script: vars.bad: not a valid regular expression: Invalid regular expression: /(/: Unterminated group
      messages-server script: turns.1: placeholder {{nope}} names no entry of vars]
    `);
  });
});

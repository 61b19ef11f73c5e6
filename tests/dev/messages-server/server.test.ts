import { afterEach, describe, expect, it } from "vitest";
import {
  type MessagesServer,
  startMessagesServer,
} from "../../../ccw/src/dev/messages-server/server.js";

let server: MessagesServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const post = (path: string, body: unknown) =>
  fetch(`${server?.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const tools = [{ name: "Bash", input_schema: {} }];

describe("the messages server", () => {
  it("streams a turn as Claude Code expects: message_start, blocks, message_delta, message_stop", async () => {
    server = await startMessagesServer({
      turns: [{ say: "Running.", tool: { name: "Bash", input: { command: "ls" } } }],
    });
    const response = await post("/v1/messages?beta=true", {
      model: "claude-test",
      stream: true,
      tools,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text())
      .trim()
      .split("\n\n")
      .map((chunk) => JSON.parse(chunk.split("\n")[1]?.slice("data: ".length) ?? "{}"));
    expect(events.map((event) => event.type)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(events[4].content_block).toEqual({
      type: "tool_use",
      id: "toolu_ccw_0001",
      name: "Bash",
      input: {},
    });
    expect(JSON.parse(events[5].delta.partial_json)).toEqual({ command: "ls" });
    expect(events[7].delta.stop_reason).toBe("tool_use");
    expect(server.requests[0]).toMatchObject({ path: "/v1/messages", answer: "turn", turn: 0 });
  });

  it("logs tool results, answers side requests, token counts and unknown routes", async () => {
    server = await startMessagesServer({ turns: [{ say: "ok" }], side: "A title" });
    const side = await post("/v1/messages", { messages: [{ role: "user", content: "title?" }] });
    expect(await side.json()).toMatchObject({
      content: [{ type: "text", text: "A title" }],
      stop_reason: "end_turn",
    });
    await post("/v1/messages", {
      tools,
      messages: [
        { role: "user", content: "go" },
        {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "t1", content: "out", is_error: true }],
        },
      ],
    });
    expect((await post("/v1/messages/count_tokens", { messages: [] })).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/v1/models`)).status).toBe(404);
    expect(server.requests.map((request) => request.answer)).toEqual([
      "side",
      "turn",
      "count_tokens",
      "rejected",
    ]);
    expect(server.requests[1]?.toolResults).toEqual([
      { toolUseId: "t1", text: "out", isError: true },
    ]);
  });
});

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { codexHomeConfig, writeCodexHome } from "../../../ccw/src/dev/model-server/codex-home.js";
import type { ModelServerScriptSource } from "../../../ccw/src/dev/model-server/script.js";
import { type ModelServer, startModelServer } from "../../../ccw/src/dev/model-server/server.js";
import { InvalidDataError } from "../../../ccw/src/errors.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "ccw-model-server-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(script: ModelServerScriptSource) {
  server = await startModelServer(script);
  return server;
}

/** A request body shaped like the ones Codex 0.169.0 posts. */
function codexBody(prompt: string, toolOutputs: string[] = []) {
  return {
    model: "mock-model",
    stream: true,
    input: [
      {
        type: "message",
        role: "developer",
        content: [{ type: "input_text", text: "You are Codex" }],
      },
      {
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "<environment_context/>" }],
      },
      { type: "message", role: "user", content: [{ type: "input_text", text: prompt }] },
      ...toolOutputs.flatMap((output, n) => [
        { type: "function_call", name: "exec_command", arguments: "{}", call_id: `call_${n}` },
        { type: "function_call_output", call_id: `call_${n}`, output },
      ]),
    ],
    tools: [],
  };
}

async function post(base: string, body: unknown) {
  const response = await fetch(`${base}/responses`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** The SSE events of a body: `[event, data]` pairs. */
function events(text: string): [string, Record<string, unknown>][] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const [eventLine, dataLine] = block.split("\n");
      return [
        eventLine?.replace("event: ", "") ?? "",
        JSON.parse(dataLine?.replace("data: ", "") ?? "{}"),
      ];
    });
}

describe("startModelServer", () => {
  it("answers a text reply as a Responses event stream, and records the request", async () => {
    const s = await start({
      rules: [{ name: "hi", match: { contains: "hello" }, reply: { text: "hi there" } }],
    });
    expect(s.baseUrl).toBe(`http://127.0.0.1:${s.port}/v1`);
    const answer = await post(s.baseUrl, codexBody("hello model"));
    expect(answer.status).toBe(200);
    expect(answer.type).toBe("text/event-stream");
    const stream = events(answer.text);
    expect(stream.map(([event]) => event)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(stream[1]?.[1]).toMatchObject({
      type: "response.output_item.done",
      item: {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "hi there" }],
      },
    });
    expect(stream[2]?.[1]).toMatchObject({ response: { usage: { output_tokens: 2 } } });
    expect(s.requests).toMatchObject([
      {
        index: 0,
        method: "POST",
        path: "/v1/responses",
        prompt: "hello model",
        followUp: false,
        rule: "hi",
        reply: "text",
      },
    ]);
    expect(s.requests[0]?.body?.model).toBe("mock-model");
  });

  it("asks Codex to run a command, then answers the follow-up with the tool output recorded", async () => {
    const s = await start({
      rules: [
        {
          match: { regex: "write (?<file>\\S+)" },
          reply: [{ command: "echo hi > {{file}}", workdir: "/w" }, { text: "wrote {{file}}" }],
        },
      ],
    });
    const first = events((await post(s.baseUrl, codexBody("please write a.txt"))).text);
    expect(first[1]?.[1]).toMatchObject({
      item: {
        type: "function_call",
        name: "exec_command",
        call_id: "call_0",
        arguments: JSON.stringify({ cmd: "echo hi > a.txt", workdir: "/w" }),
      },
    });
    const second = events(
      (await post(s.baseUrl, codexBody("please write a.txt", ["exit 0"]))).text,
    );
    expect(second[1]?.[1]).toMatchObject({
      item: { type: "message", content: [{ text: "wrote a.txt" }] },
    });
    expect(s.requests[1]).toMatchObject({
      followUp: true,
      toolOutputs: [{ callId: "call_0", output: "exit 0" }],
      reply: "text",
    });
  });

  it("fails with an HTTP status and an OpenAI-shaped error body, or inside the stream", async () => {
    const s = await start({
      rules: [
        { match: { contains: "http" }, reply: { fail: { status: 503, message: "overloaded" } } },
        { match: { contains: "stream" }, reply: { fail: { message: "broke", midStream: true } } },
      ],
    });
    const http = await post(s.baseUrl, codexBody("http please"));
    expect(http.status).toBe(503);
    expect(JSON.parse(http.text)).toEqual({
      error: { message: "overloaded", type: "server_error", code: "model_server" },
    });
    const stream = events((await post(s.baseUrl, codexBody("stream please"))).text);
    expect(stream.map(([event]) => event)).toEqual(["response.created", "response.failed"]);
    expect(stream[1]?.[1]).toMatchObject({
      response: { status: "failed", error: { message: "broke" } },
    });
  });

  it("streams slowly in deltas", async () => {
    const s = await start({ default: { text: "abcdef", chunks: 3, chunkDelayMs: 60 } });
    const started = performance.now();
    const stream = events((await post(s.baseUrl, codexBody("x"))).text);
    expect(performance.now() - started).toBeGreaterThanOrEqual(170);
    expect(stream.map(([event]) => event)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(
      stream
        .filter(([event]) => event === "response.output_text.delta")
        .map(([, data]) => data.delta),
    ).toEqual(["ab", "cd", "ef"]);
  });

  it("stalls until the client leaves or the server closes", async () => {
    const s = await start({ default: { stall: true } });
    const controller = new AbortController();
    const response = await fetch(`${s.baseUrl}/responses`, {
      method: "POST",
      body: JSON.stringify(codexBody("x")),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const firstChunk = await reader?.read();
    expect(new TextDecoder().decode(firstChunk?.value)).toContain("response.created");
    const next = reader?.read().then(
      () => "ended",
      () => "cut",
    );
    const raced = await Promise.race([
      next,
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200)),
    ]);
    expect(raced).toBe("still waiting");
    await s.close();
    server = undefined;
    expect(await next).toMatch(/ended|cut/);
  });

  it("uses the script's default, then the built-in default", async () => {
    const withDefault = await start({ default: [{ text: "first" }, { text: "after tools" }] });
    expect((await post(withDefault.baseUrl, codexBody("?", ["out"]))).text).toContain(
      "after tools",
    );
    await withDefault.close();
    const plain = await start({});
    expect((await post(plain.baseUrl, codexBody("?"))).text).toContain(
      "model-server: no rule of the script matched this prompt",
    );
  });

  it("rejects other routes and bodies that are not Responses requests, and records them", async () => {
    const s = await start({});
    expect((await fetch(`${s.baseUrl}/models`)).status).toBe(404);
    expect((await post(s.baseUrl, "not an object")).status).toBe(400);
    expect(s.requests.map((request) => [request.index, request.rule, request.reply])).toEqual([
      [0, "(no route)", "rejected"],
      [1, "(invalid body)", "rejected"],
    ]);
  });

  it("refuses an invalid script before listening", async () => {
    await expect(startModelServer({ rules: [{ reply: {} }] })).rejects.toBeInstanceOf(
      InvalidDataError,
    );
  });
});

describe("CODEX_HOME for the server", () => {
  it("writes config.toml: provider mock, Responses API, no retries", async () => {
    const home = await writeCodexHome({
      codexHome: path.join(tmp, "home"),
      baseUrl: "http://127.0.0.1:4321/v1",
    });
    expect(home.env).toEqual({ CODEX_HOME: path.join(tmp, "home"), OPENAI_API_KEY: "dummy" });
    expect(readFileSync(home.configPath, "utf8")).toBe(codexHomeConfig("http://127.0.0.1:4321/v1"));
    expect(codexHomeConfig("http://127.0.0.1:4321/v1", 'odd"model')).toMatchInlineSnapshot(`
      "# Written by ccw: points Codex at a local model server (ccw dev model-server).
      model = "odd\\"model"
      model_provider = "mock"

      [model_providers.mock]
      name = "mock"
      base_url = "http://127.0.0.1:4321/v1"
      wire_api = "responses"
      request_max_retries = 0
      stream_max_retries = 0
      "
    `);
  });
});

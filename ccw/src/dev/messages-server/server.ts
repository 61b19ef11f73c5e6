/**
 * A scripted stand-in for the Anthropic Messages API on 127.0.0.1, enough for the real Claude
 * Code CLI to run offline (shared/specs/claude-code-facts.md): it answers `POST /v1/messages`
 * from a script (./script.ts) with Server-Sent Events, answers token counts, and records every
 * request for assertions.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "../loopback-server.js";
import {
  type AnswerBlock,
  allToolResults,
  answerEvents,
  answerMessage,
  encodeSse,
  errorBody,
  latestToolResults,
  type MessagesRequest,
  MessagesRequest as MessagesRequestSchema,
  type ToolResult,
} from "./messages-api.js";
import {
  type MessagesScript,
  type MessagesScriptSource,
  nextAnswer,
  parseMessagesScript,
  type ScriptAnswer,
  type ScriptCursor,
} from "./script.js";

/** One request the server received. */
export interface RecordedMessagesRequest {
  /** 0 for the first request, then 1, 2, ... */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  /** The parsed body (undefined when it was not a Messages request). */
  readonly body?: MessagesRequest;
  /** The names of the tools the request offers (empty for side requests). */
  readonly tools: readonly string[];
  /** The tool results its last message carries. */
  readonly toolResults: readonly ToolResult[];
  /** How it was answered: a script turn, the side text, the done text, or not at all. */
  readonly answer: ScriptAnswer["kind"] | "count_tokens" | "rejected";
  /** The script turn that answered (for `turn` and `unfilled`). */
  readonly turn?: number;
  /** The blocks of the answer. */
  readonly blocks: readonly AnswerBlock[];
}

/** A running messages server. */
export interface MessagesServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`: the value of ANTHROPIC_BASE_URL. */
  readonly baseUrl: string;
  /** Every request so far, in arrival order (a live array). */
  readonly requests: readonly RecordedMessagesRequest[];
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

export interface MessagesServerOptions {
  /** Called for each request once its answer is chosen (logging). */
  onRequest?: (request: RecordedMessagesRequest) => void;
  /** Default 0: an ephemeral port. */
  port?: number;
}

/** Starts a server on 127.0.0.1 that answers from `script` (validated first). */
export async function startMessagesServer(
  script: MessagesScriptSource | MessagesScript,
  options: MessagesServerOptions = {},
): Promise<MessagesServer> {
  const compiled = parseMessagesScript(script);
  const requests: RecordedMessagesRequest[] = [];
  const cursor: ScriptCursor = { next: 0, last: undefined };
  let toolIds = 0;

  const record = (entry: RecordedMessagesRequest) => {
    requests.push(entry);
    options.onRequest?.(entry);
  };

  const conversation: Conversation = {
    script: compiled,
    cursor,
    requests,
    record,
    newToolId: () => `toolu_ccw_${String(++toolIds).padStart(4, "0")}`,
  };

  const server = await listenOnLoopback((req, res) => {
    handleRequest(conversation, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(
        errorBody(
          `messages-server: ${error instanceof Error ? error.message : String(error)}`,
          "api_error",
        ),
      );
    });
  }, options.port);
  const { port } = server;
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      await server.close();
    },
  };
}

/** What the request handler shares across requests: the script, where it stands, the log. */
interface Conversation {
  readonly script: MessagesScript;
  readonly cursor: ScriptCursor;
  readonly requests: readonly RecordedMessagesRequest[];
  readonly record: (entry: RecordedMessagesRequest) => void;
  readonly newToolId: () => string;
}

/** Answers one request: token counts, a script answer (streamed or not), or an error. */
async function handleRequest(
  conversation: Conversation,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  const index = conversation.requests.length;
  const urlPath = (req.url ?? "/").split("?", 1)[0] ?? "/";
  const method = req.method ?? "";
  const base = { index, method, path: urlPath, tools: [], toolResults: [], blocks: [] };
  const parsed = parseJson(body);
  if (method === "POST" && urlPath.endsWith("/messages/count_tokens")) {
    conversation.record({ ...base, answer: "count_tokens" });
    sendJson(res, 200, { input_tokens: Math.ceil(body.length / 4) });
    return;
  }
  if (method !== "POST" || !urlPath.endsWith("/messages")) {
    conversation.record({ ...base, answer: "rejected" });
    res.writeHead(404, { "content-type": "application/json" });
    res.end(errorBody(`messages-server: no route for ${method} ${urlPath}`, "not_found_error"));
    return;
  }
  const request = parsed === undefined ? undefined : MessagesRequestSchema.safeParse(parsed);
  if (request === undefined || !request.success) {
    conversation.record({ ...base, answer: "rejected" });
    res.writeHead(400, { "content-type": "application/json" });
    res.end(errorBody("messages-server: the body is not a Messages API request"));
    return;
  }
  const tools = (request.data.tools ?? []).flatMap((tool) =>
    tool.name === undefined ? [] : [tool.name],
  );
  const toolResults = latestToolResults(request.data);
  const answer = nextAnswer(
    conversation.script,
    conversation.cursor,
    {
      mainLoop: tools.length > 0,
      latestResults: toolResults,
      allResults: allToolResults(request.data),
    },
    conversation.newToolId,
  );
  conversation.record({
    ...base,
    body: request.data,
    tools,
    toolResults,
    answer: answer.kind,
    ...(answer.kind === "turn" || answer.kind === "unfilled" ? { turn: answer.turn } : {}),
    blocks: answer.blocks,
  });
  if (answer.kind === "turn" && answer.delayMs > 0) await sleep(answer.delayMs);
  const model = request.data.model ?? "claude-stand-in";
  const inputTokens = Math.ceil(body.length / 4);
  const messageId = `msg_ccw_${index}`;
  if (request.data.stream !== true) {
    sendJson(res, 200, answerMessage(messageId, model, answer.blocks, inputTokens));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const event of answerEvents(messageId, model, answer.blocks, inputTokens)) {
    res.write(encodeSse(event));
  }
  res.end();
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

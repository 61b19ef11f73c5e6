/**
 * A scripted stand-in for the OpenAI Responses API on 127.0.0.1, enough for the real Codex
 * binary to run offline: it answers `POST /v1/responses` from a script and records every
 * request for assertions.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLoopback } from "../loopback-server.js";
import {
  completed,
  created,
  encodeSse,
  errorBody,
  execCommandCall,
  failed,
  messageAdded,
  messageDone,
  type ResponsesRequest,
  ResponsesRequest as ResponsesRequestSchema,
  type SseEvent,
  splitText,
  type ToolOutput,
  textDelta,
  turnPosition,
} from "./responses-api.js";
import {
  type ModelAction,
  type ModelServerScript,
  type ModelServerScriptSource,
  parseModelServerScript,
  selectReply,
} from "./script.js";

/** One request the server received. */
export interface RecordedRequest {
  /** 0 for the first request the server received, then 1, 2, ... */
  readonly index: number;
  readonly method: string;
  readonly path: string;
  /** The parsed JSON body (undefined when it was not a valid Responses request). */
  readonly body?: ResponsesRequest;
  /** The latest user message's text. */
  readonly prompt: string;
  /** Whether the request carries `function_call_output` after that message. */
  readonly followUp: boolean;
  readonly toolOutputs: readonly ToolOutput[];
  /** The rule that answered (`name`, `rules[i]`, `default`), or why none could. */
  readonly rule: string;
  readonly reply: ModelAction["kind"] | "rejected";
}

/** A running model server. */
export interface ModelServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>/v1`: the provider base URL for Codex. */
  readonly baseUrl: string;
  /** Every request so far, in arrival order (a live array). */
  readonly requests: readonly RecordedRequest[];
  /** Stops listening and ends every open connection (stalled answers included). */
  close(): Promise<void>;
}

export interface ModelServerOptions {
  /** Called for each request once its reply is chosen (logging). */
  onRequest?: (request: RecordedRequest) => void;
  /** Default 0: an ephemeral port. */
  port?: number;
}

/** Starts a server on 127.0.0.1 that answers from `script` (validated first). */
export async function startModelServer(
  script: ModelServerScriptSource | ModelServerScript,
  options: ModelServerOptions = {},
): Promise<ModelServer> {
  const compiled = isCompiled(script) ? script : parseModelServerScript(script);
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closing = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const handle = requestHandler(compiled, requests, options, sleep);

  const server = await listenOnLoopback((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(errorBody(`model-server: ${error instanceof Error ? error.message : String(error)}`));
    });
  }, options.port);
  const { port } = server;

  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await server.close();
    },
  };
}

/**
 * Answers one request from the script: the reply of the first rule that matches the turn, or
 * 404 / 400 for a request that is not a Responses API call. Every request is recorded.
 */
function requestHandler(
  compiled: ModelServerScript,
  requests: RecordedRequest[],
  options: ModelServerOptions,
  sleep: (ms: number) => Promise<void>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const used: number[] = compiled.rules.map(() => 0);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const index = requests.length;
    const urlPath = (req.url ?? "/").split("?", 1)[0] ?? "/";
    if (req.method !== "POST" || !urlPath.endsWith("/responses")) {
      record({ index, method: req.method ?? "", path: urlPath, rule: "(no route)" });
      res.writeHead(404, { "content-type": "application/json" });
      res.end(errorBody(`model-server: no route for ${req.method} ${urlPath}`));
      return;
    }
    const parsed = parseJson(body);
    const request = parsed === undefined ? undefined : ResponsesRequestSchema.safeParse(parsed);
    if (request === undefined || !request.success) {
      record({ index, method: "POST", path: urlPath, rule: "(invalid body)" });
      res.writeHead(400, { "content-type": "application/json" });
      res.end(errorBody("model-server: the body is not a Responses API request"));
      return;
    }
    const position = turnPosition(request.data);
    const selected = selectReply(
      compiled,
      { prompt: position.prompt, followUps: position.toolOutputs.length },
      used,
    );
    if (selected.ruleIndex !== undefined)
      used[selected.ruleIndex] = (used[selected.ruleIndex] ?? 0) + 1;
    const recorded: RecordedRequest = {
      index,
      method: "POST",
      path: urlPath,
      body: request.data,
      prompt: position.prompt,
      followUp: position.toolOutputs.length > 0,
      toolOutputs: position.toolOutputs,
      rule: selected.rule,
      reply: selected.action.kind,
    };
    requests.push(recorded);
    options.onRequest?.(recorded);
    await answer(res, selected.action, index, body.length, sleep);
  };

  const record = (partial: { index: number; method: string; path: string; rule: string }) => {
    const recorded: RecordedRequest = {
      ...partial,
      prompt: "",
      followUp: false,
      toolOutputs: [],
      reply: "rejected",
    };
    requests.push(recorded);
    options.onRequest?.(recorded);
  };
  return handle;
}

async function answer(
  res: ServerResponse,
  action: ModelAction,
  index: number,
  bodyBytes: number,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  await sleep(action.delayMs);
  const responseId = `resp_${index}`;
  const itemId = `item_${index}`;
  if (action.kind === "fail" && !action.midStream) {
    res.writeHead(action.status, { "content-type": "application/json" });
    res.end(errorBody(action.message));
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (event: SseEvent) => res.write(encodeSse(event));
  send(created(responseId));
  // A rough token count: a quarter of the bytes, as OpenAI's rule of thumb.
  const estimate = (text: string) => ({
    input_tokens: Math.ceil(bodyBytes / 4),
    output_tokens: Math.max(1, Math.ceil(text.length / 4)),
  });
  switch (action.kind) {
    case "stall":
      // Headers and `response.created` are out; nothing else comes until the client leaves
      // or the server closes.
      return;
    case "fail":
      send(failed(responseId, action.message));
      res.end();
      return;
    case "command":
      send(execCommandCall(itemId, `call_${index}`, action.command, action.workdir));
      send(completed(responseId, action.usage ?? estimate(action.command)));
      res.end();
      return;
    case "text": {
      if (action.chunks > 1 || action.chunkDelayMs > 0) {
        send(messageAdded(itemId));
        for (const [n, piece] of splitText(action.text, action.chunks).entries()) {
          if (n > 0 || action.chunkDelayMs > 0) await sleep(action.chunkDelayMs);
          if (res.destroyed) return;
          send(textDelta(itemId, piece));
        }
      }
      send(messageDone(itemId, action.text));
      send(completed(responseId, action.usage ?? estimate(action.text)));
      res.end();
      return;
    }
  }
}

function isCompiled(
  script: ModelServerScriptSource | ModelServerScript,
): script is ModelServerScript {
  return "fallback" in script && Array.isArray(script.fallback);
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

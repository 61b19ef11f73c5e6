/**
 * The slice of the OpenAI Responses API that `codex exec` uses (specs/codex-facts.md §4): the
 * request body Codex posts to `/v1/responses`, and the server-sent events of an answer.
 */
import * as z from "zod";

/** An item of the request's `input` (messages, function calls and their outputs, ...). */
const InputItem = z.looseObject({ type: z.string().optional(), role: z.string().optional() });

/** The request body, with the fields the server reads; everything else is kept as is. */
export const ResponsesRequest = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().optional(),
  input: z.array(InputItem).default([]),
});
export type ResponsesRequest = z.infer<typeof ResponsesRequest>;

const TextPart = z.looseObject({ type: z.string(), text: z.string() });
const FunctionCallOutput = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.unknown(),
});

/** A `function_call_output` Codex sent back: the result of a tool call. */
export interface ToolOutput {
  readonly callId: string;
  /** The output as text (Codex sends a string; structured outputs are JSON-encoded). */
  readonly output: string;
}

/** The latest user message and the tool outputs that follow it. */
export interface TurnPosition {
  readonly prompt: string;
  readonly toolOutputs: readonly ToolOutput[];
}

/** Finds the prompt (the latest user message's text) and the tool outputs sent after it. */
export function turnPosition(request: ResponsesRequest): TurnPosition {
  let lastUser = -1;
  request.input.forEach((item, index) => {
    if (item.type === "message" && item.role === "user") lastUser = index;
  });
  const promptItem = lastUser >= 0 ? request.input[lastUser] : undefined;
  const parts = z.array(z.unknown()).safeParse(promptItem?.content);
  const prompt = (parts.success ? parts.data : [])
    .flatMap((part) => {
      const text = TextPart.safeParse(part);
      return text.success && text.data.type === "input_text" ? [text.data.text] : [];
    })
    .join("\n");
  const toolOutputs = request.input.slice(lastUser + 1).flatMap((item): ToolOutput[] => {
    const output = FunctionCallOutput.safeParse(item);
    if (!output.success) return [];
    const value = output.data.output;
    return [
      {
        callId: output.data.call_id,
        output: typeof value === "string" ? value : JSON.stringify(value),
      },
    ];
  });
  return { prompt, toolOutputs };
}

/** One server-sent event. */
export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Encodes an event as `event: <type>\ndata: <json>\n\n`. */
export function encodeSse({ event, data }: SseEvent): string {
  return `event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`;
}

/** Token counts for `response.completed`. */
export interface Usage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

export function created(responseId: string): SseEvent {
  return { event: "response.created", data: { response: { id: responseId } } };
}

export function completed(responseId: string, usage: Usage): SseEvent {
  return {
    event: "response.completed",
    data: {
      response: {
        id: responseId,
        usage: {
          input_tokens: usage.input_tokens,
          input_tokens_details: null,
          output_tokens: usage.output_tokens,
          output_tokens_details: null,
          total_tokens: usage.input_tokens + usage.output_tokens,
        },
      },
    },
  };
}

export function messageAdded(itemId: string): SseEvent {
  return {
    event: "response.output_item.added",
    data: {
      output_index: 0,
      item: { type: "message", role: "assistant", id: itemId, content: [] },
    },
  };
}

export function textDelta(itemId: string, delta: string): SseEvent {
  return {
    event: "response.output_text.delta",
    data: { item_id: itemId, output_index: 0, content_index: 0, delta },
  };
}

export function messageDone(itemId: string, text: string): SseEvent {
  return {
    event: "response.output_item.done",
    data: {
      output_index: 0,
      item: {
        type: "message",
        role: "assistant",
        id: itemId,
        content: [{ type: "output_text", text }],
      },
    },
  };
}

/** Asks Codex to run `command` with its `exec_command` tool. */
export function execCommandCall(
  itemId: string,
  callId: string,
  command: string,
  workdir: string | undefined,
): SseEvent {
  const args = workdir === undefined ? { cmd: command } : { cmd: command, workdir };
  return {
    event: "response.output_item.done",
    data: {
      output_index: 0,
      item: {
        type: "function_call",
        id: itemId,
        call_id: callId,
        name: "exec_command",
        arguments: JSON.stringify(args),
      },
    },
  };
}

export function failed(responseId: string, message: string): SseEvent {
  return {
    event: "response.failed",
    data: {
      response: { id: responseId, status: "failed", error: { code: "server_error", message } },
    },
  };
}

/** The JSON body of an HTTP error answer, shaped like OpenAI's. */
export function errorBody(message: string): string {
  return JSON.stringify({ error: { message, type: "server_error", code: "model_server" } });
}

/** Splits `text` into `count` pieces of nearly equal length (at least one, maybe empty). */
export function splitText(text: string, count: number): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / Math.max(1, count)));
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(""));
  return pieces.length === 0 ? [""] : pieces;
}

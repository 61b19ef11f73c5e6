/**
 * The slice of the Anthropic Messages API that Claude Code uses (shared/specs/claude-code-facts.md):
 * the request body it posts to `/v1/messages`, and the server-sent events of a streamed answer.
 */
import * as z from "zod";

const ContentBlock = z.looseObject({ type: z.string() });

const Message = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentBlock)]),
});

/** The request body, with the fields the server reads; everything else is kept as it is. */
export const MessagesRequest = z.looseObject({
  model: z.string().optional(),
  stream: z.boolean().optional(),
  messages: z.array(Message).default([]),
  tools: z.array(z.looseObject({ name: z.string().optional() })).optional(),
  system: z.unknown().optional(),
});
export type MessagesRequest = z.infer<typeof MessagesRequest>;

/** A `tool_result` block the client sent back. */
export interface ToolResult {
  readonly toolUseId: string;
  /** Its content as text (text blocks joined by newlines). */
  readonly text: string;
  readonly isError: boolean;
}

/** A content block of an answer. */
export type AnswerBlock =
  | { readonly type: "text"; readonly text: string }
  | {
      readonly type: "tool_use";
      readonly id: string;
      readonly name: string;
      readonly input: Record<string, unknown>;
    };

/** One server-sent event. */
export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

const ToolResultBlock = z.looseObject({
  type: z.literal("tool_result"),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(ContentBlock)]).optional(),
  is_error: z.boolean().optional(),
});

/** Every text of a content value (a string, or the `text` of its text blocks). */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .flatMap((block) =>
      typeof block === "object" &&
      block !== null &&
      "type" in block &&
      block.type === "text" &&
      "text" in block &&
      typeof block.text === "string"
        ? [block.text]
        : [],
    )
    .join("\n");
}

/** The tool results of the request's last message (a user message answering tool calls). */
export function latestToolResults(request: MessagesRequest): ToolResult[] {
  const last = request.messages.at(-1);
  if (last === undefined || last.role !== "user" || typeof last.content === "string") return [];
  return last.content.flatMap((block): ToolResult[] => {
    const parsed = ToolResultBlock.safeParse(block);
    if (!parsed.success) return [];
    return [
      {
        toolUseId: parsed.data.tool_use_id,
        text: contentText(parsed.data.content),
        isError: parsed.data.is_error === true,
      },
    ];
  });
}

/** Every tool result of the conversation, oldest first. */
export function allToolResults(request: MessagesRequest): ToolResult[] {
  return request.messages.flatMap((message) =>
    latestToolResults({ ...request, messages: [message] }),
  );
}

/** The text of every user message, oldest first (the prompt, hook context, reminders). */
export function userTexts(request: MessagesRequest): string[] {
  return request.messages
    .filter((message) => message.role === "user")
    .map((message) => contentText(message.content))
    .filter((text) => text !== "");
}

/** The Server-Sent Events of one streamed answer, in the order Claude Code expects. */
export function answerEvents(
  messageId: string,
  model: string,
  blocks: readonly AnswerBlock[],
  inputTokens: number,
): SseEvent[] {
  const usage = { input_tokens: inputTokens, output_tokens: 1 };
  const events: SseEvent[] = [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: messageId,
          type: "message",
          role: "assistant",
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage,
        },
      },
    },
  ];
  const outputChars = blocks.reduce(
    (sum, block) => sum + (block.type === "text" ? block.text : JSON.stringify(block.input)).length,
    0,
  );
  blocks.forEach((block, index) => {
    events.push(...blockEvents(block, index));
  });
  const stopReason = blocks.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn";
  events.push(
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: Math.max(1, Math.ceil(outputChars / 4)) },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  );
  return events;
}

/** The start, delta and stop events of one content block. */
function blockEvents(block: AnswerBlock, index: number): SseEvent[] {
  const start =
    block.type === "text"
      ? { type: "text", text: "" }
      : { type: "tool_use", id: block.id, name: block.name, input: {} };
  const delta =
    block.type === "text"
      ? { type: "text_delta", text: block.text }
      : { type: "input_json_delta", partial_json: JSON.stringify(block.input) };
  return [
    {
      event: "content_block_start",
      data: { type: "content_block_start", index, content_block: start },
    },
    { event: "content_block_delta", data: { type: "content_block_delta", index, delta } },
    { event: "content_block_stop", data: { type: "content_block_stop", index } },
  ];
}

/** The same answer as one JSON message, for a request that did not ask to stream. */
export function answerMessage(
  messageId: string,
  model: string,
  blocks: readonly AnswerBlock[],
  inputTokens: number,
): Record<string, unknown> {
  return {
    id: messageId,
    type: "message",
    role: "assistant",
    model,
    content: blocks,
    stop_reason: blocks.some((block) => block.type === "tool_use") ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: 1 },
  };
}

/** One event as it goes on the wire. */
export function encodeSse(event: SseEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** The body of an API error, in the Messages API's shape. */
export function errorBody(message: string, type = "invalid_request_error"): string {
  return JSON.stringify({ type: "error", error: { type, message } });
}

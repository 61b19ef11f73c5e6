/**
 * The JSONL events `codex exec --json` prints, one per stdout line (specs/codex-facts.md §3).
 * Every line goes through these zod schemas. Event and item types newer than this parser are
 * kept as `unknown` (with their original type and payload), never treated as errors; a line
 * that is not a JSON object, or a known type with a wrong shape, is a protocol problem.
 * Built with zod/mini: this module is on the path of every `ccw cli` run, and classic zod
 * costs tens of milliseconds to load before Codex can start.
 */

import * as z from "../../zod.js";

/** Token counts of one turn. Fields Codex added later are optional. */
export const CodexUsage = z.object({
  input_tokens: z.number(),
  cached_input_tokens: z.optional(z.number()),
  cache_write_input_tokens: z.optional(z.number()),
  output_tokens: z.number(),
  reasoning_output_tokens: z.optional(z.number()),
});
export type CodexUsage = z.infer<typeof CodexUsage>;

const itemBase = { id: z.string() };

const AgentMessageItem = z.object({
  ...itemBase,
  type: z.literal("agent_message"),
  text: z.string(),
});
const ReasoningItem = z.object({ ...itemBase, type: z.literal("reasoning"), text: z.string() });
const PlanItem = z.object({ ...itemBase, type: z.literal("plan"), text: z.string() });
const CommandExecutionItem = z.object({
  ...itemBase,
  type: z.literal("command_execution"),
  command: z.string(),
  aggregated_output: z._default(z.string(), ""),
  exit_code: z.optional(z.nullable(z.number())),
  /** `in_progress`, `completed`, `failed`, `declined`, ... kept open for newer values. */
  status: z.string(),
});
const FileChangeItem = z.object({
  ...itemBase,
  type: z.literal("file_change"),
  changes: z.array(z.object({ path: z.string(), kind: z.string() })),
  status: z.string(),
});
const McpToolCallItem = z.object({
  ...itemBase,
  type: z.literal("mcp_tool_call"),
  server: z.string(),
  tool: z.string(),
  status: z.string(),
  error: z.optional(z.nullable(z.object({ message: z.string() }))),
});
const WebSearchItem = z.object({ ...itemBase, type: z.literal("web_search"), query: z.string() });
const TodoListItem = z.object({
  ...itemBase,
  type: z.literal("todo_list"),
  items: z.array(z.object({ text: z.string(), completed: z.boolean() })),
});
/** A non-fatal error Codex reports as an item (e.g. unknown model metadata). */
const ErrorItem = z.object({ ...itemBase, type: z.literal("error"), message: z.string() });

const KNOWN_ITEMS = {
  agent_message: AgentMessageItem,
  reasoning: ReasoningItem,
  plan: PlanItem,
  command_execution: CommandExecutionItem,
  file_change: FileChangeItem,
  mcp_tool_call: McpToolCallItem,
  web_search: WebSearchItem,
  todo_list: TodoListItem,
  error: ErrorItem,
} as const;

/** An item of a type this parser does not know, kept whole. */
export interface UnknownCodexItem {
  readonly type: "unknown";
  readonly id?: string;
  /** The item's own `type` field. */
  readonly itemType: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

export type CodexItem = z.infer<(typeof KNOWN_ITEMS)[keyof typeof KNOWN_ITEMS]> | UnknownCodexItem;

const ThreadStarted = z.object({
  type: z.literal("thread.started"),
  thread_id: z.string().check(z.minLength(1)),
});
const TurnStarted = z.object({ type: z.literal("turn.started") });
const TurnCompleted = z.object({
  type: z.literal("turn.completed"),
  usage: z.optional(CodexUsage),
});
const TurnFailed = z.object({
  type: z.literal("turn.failed"),
  error: z.object({ message: z.string() }),
});
const StreamError = z.object({ type: z.literal("error"), message: z.string() });
const RawItemEvent = z.object({
  type: z.enum(["item.started", "item.updated", "item.completed"]),
  item: z.looseObject({ type: z.string(), id: z.optional(z.string()) }),
});

const KNOWN_EVENTS = {
  "thread.started": ThreadStarted,
  "turn.started": TurnStarted,
  "turn.completed": TurnCompleted,
  "turn.failed": TurnFailed,
  error: StreamError,
} as const;

/** An item event with its item parsed. */
export interface CodexItemEvent {
  readonly type: "item.started" | "item.updated" | "item.completed";
  readonly item: CodexItem;
}

/** An event of a type this parser does not know, kept whole. */
export interface UnknownCodexEvent {
  readonly type: "unknown";
  /** The event's own `type` field. */
  readonly eventType: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One line of `codex exec --json`, typed. Switch on `type`. */
export type CodexEvent =
  | z.infer<(typeof KNOWN_EVENTS)[keyof typeof KNOWN_EVENTS]>
  | CodexItemEvent
  | UnknownCodexEvent;

/** The result of parsing one stdout line. */
export type ParsedCodexLine =
  | { readonly ok: true; readonly event: CodexEvent }
  | { readonly ok: false; readonly problem: string };

const Envelope = z.looseObject({ type: z.string() });

/** Parses one stdout line of `codex exec --json` (without its newline). */
export function parseCodexEventLine(line: string): ParsedCodexLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, problem: `not JSON: ${preview(line)}` };
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    return { ok: false, problem: `not an event object with a string "type": ${preview(line)}` };
  }
  const type = envelope.data.type;
  if (type === "item.started" || type === "item.updated" || type === "item.completed") {
    return parseItemEvent(json, line);
  }
  if (isKnownEvent(type)) {
    const parsed = KNOWN_EVENTS[type].safeParse(json);
    if (!parsed.success) return { ok: false, problem: shapeProblem(type, parsed.error, line) };
    return { ok: true, event: parsed.data };
  }
  return { ok: true, event: { type: "unknown", eventType: type, raw: envelope.data } };
}

function parseItemEvent(json: unknown, line: string): ParsedCodexLine {
  const raw = RawItemEvent.safeParse(json);
  if (!raw.success) return { ok: false, problem: shapeProblem("item event", raw.error, line) };
  const { type, item } = raw.data;
  if (!isKnownItem(item.type)) {
    const unknown: UnknownCodexItem = {
      type: "unknown",
      itemType: item.type,
      raw: item,
      ...(item.id === undefined ? {} : { id: item.id }),
    };
    return { ok: true, event: { type, item: unknown } };
  }
  const parsed = KNOWN_ITEMS[item.type].safeParse(item);
  if (!parsed.success) {
    return { ok: false, problem: shapeProblem(`${type} ${item.type}`, parsed.error, line) };
  }
  return { ok: true, event: { type, item: parsed.data } };
}

function isKnownEvent(type: string): type is keyof typeof KNOWN_EVENTS {
  return Object.hasOwn(KNOWN_EVENTS, type);
}

function isKnownItem(type: string): type is keyof typeof KNOWN_ITEMS {
  return Object.hasOwn(KNOWN_ITEMS, type);
}

function shapeProblem(what: string, error: z.core.$ZodError, line: string): string {
  const issues = error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
  return `${what} has an unexpected shape (${issues}): ${preview(line)}`;
}

/** A line shortened for messages: long lines (megabytes of output) stay readable. */
function preview(line: string): string {
  const head = line.slice(0, 200).replace(/\s+/g, " ").trim();
  return line.length > 120 ? `${head.slice(0, 117)}... (${line.length} chars)` : head;
}

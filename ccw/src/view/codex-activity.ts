/**
 * A step's Codex activity for the page: the commands Codex ran and the messages it wrote, from
 * the step's codex.jsonl (`codex exec --json`), read incrementally from a byte offset so a page
 * that watches a running step only reads what was appended.
 */
import fs from "node:fs/promises";
import { type CodexEvent, parseCodexEventLine } from "../tools/codex/codex-events.js";
import type { ActivityItem, ActivityPage } from "./api-types.js";

const OUTPUT_TAIL = 2000;
const TEXT_LIMIT = 4000;
/** At most this much is read per request; the page asks again from `next`. */
const READ_LIMIT = 1024 * 1024;

/**
 * The activity items of some whole lines of codex.jsonl. Events without an item id are named
 * `<idPrefix>-<line>`, so each page of lines names its own.
 */
export function activityOf(lines: readonly string[], idPrefix: string): ActivityItem[] {
  const items: ActivityItem[] = [];
  lines.forEach((line, at) => {
    if (line.trim() === "") return;
    const parsed = parseCodexEventLine(line);
    const id = `${idPrefix}-${at}`;
    if (!parsed.ok) {
      items.push({ id, kind: "other", text: parsed.problem });
      return;
    }
    const item = itemOf(parsed.event, id);
    if (item) items.push(item);
  });
  return items;
}

function itemOf(event: CodexEvent, lineId: string): ActivityItem | undefined {
  switch (event.type) {
    case "thread.started":
      return { id: lineId, kind: "turn", text: `thread ${event.thread_id} started` };
    case "turn.started":
      return { id: lineId, kind: "turn", text: "turn started" };
    case "turn.completed":
      return {
        id: lineId,
        kind: "turn",
        text: event.usage
          ? `turn completed (${event.usage.input_tokens} tokens in, ${event.usage.output_tokens} out)`
          : "turn completed",
      };
    case "turn.failed":
      return { id: lineId, kind: "error", text: `turn failed: ${cut(event.error.message)}` };
    case "error":
      return { id: lineId, kind: "error", text: cut(event.message) };
    case "unknown":
      return undefined;
    default:
      return itemEventOf(event, lineId);
  }
}

function itemEventOf(
  event: Extract<CodexEvent, { item: unknown }>,
  lineId: string,
): ActivityItem | undefined {
  const item = event.item;
  const id = item.id ?? lineId;
  switch (item.type) {
    case "command_execution":
      return {
        id,
        kind: "command",
        text: cut(item.command),
        status: item.status,
        exit_code: item.exit_code ?? null,
        output: item.aggregated_output.slice(-OUTPUT_TAIL),
      };
    case "agent_message":
      return { id, kind: "message", text: cut(item.text) };
    case "reasoning":
      return { id, kind: "reasoning", text: cut(item.text) };
    case "plan":
      return { id, kind: "plan", text: cut(item.text) };
    case "file_change":
      return {
        id,
        kind: "file_change",
        text: item.changes.map((change) => `${change.kind} ${change.path}`).join("\n"),
        status: item.status,
      };
    case "mcp_tool_call":
      return { id, kind: "tool", text: `${item.server}.${item.tool}`, status: item.status };
    case "web_search":
      return { id, kind: "tool", text: `web search: ${cut(item.query)}` };
    case "todo_list":
      return {
        id,
        kind: "plan",
        text: item.items
          .map((entry) => `${entry.completed ? "[x]" : "[ ]"} ${entry.text}`)
          .join("\n"),
      };
    case "error":
      return { id, kind: "error", text: cut(item.message) };
    case "unknown":
      return { id, kind: "other", text: item.itemType };
  }
}

/**
 * Reads the whole lines of `file` from byte `after`: the items they hold and the offset after
 * the last whole line. A missing file is an empty page (the step has not started).
 */
export async function readActivity(file: string, after: number): Promise<ActivityPage> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { items: [], next: 0 };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = after > size ? 0 : after;
    const length = Math.min(size - start, READ_LIMIT);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, start);
    const end = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (end < 0) {
      // A single line longer than the read limit is skipped rather than never passed.
      return length === READ_LIMIT
        ? { items: [], next: start + length }
        : { items: [], next: start };
    }
    const text = buffer.subarray(0, end).toString("utf8");
    return { items: activityOf(text.split("\n"), `at${start}`), next: start + end + 1 };
  } finally {
    await handle.close();
  }
}

function cut(text: string): string {
  return text.length > TEXT_LIMIT ? `${text.slice(0, TEXT_LIMIT)}…` : text;
}

/** The JSON Claude Code writes to a hook's stdin and to the status-line command's stdin. */
import type { InputStream } from "../context.js";
import { hasOptionalText, isRecord } from "../lib/json/json-checks.js";

/** A PostToolUse hook's input; only the fields ccw reads (the tool input carries `file_path`). */
export interface HookInput {
  session_id?: string;
  cwd?: string;
  tool_name?: string;
  tool_input?: { file_path?: string };
}

/** The status-line input; only the fields that name the workspace. */
export interface StatuslineInput {
  cwd?: string;
  workspace?: { current_dir?: string; project_dir?: string };
}

/** A hook input: an object whose fields ccw reads have their types (others are ignored). */
export function isHookInput(value: unknown): value is HookInput {
  return (
    isRecord(value) &&
    hasOptionalText(value, ["session_id", "cwd", "tool_name"]) &&
    (value.tool_input === undefined ||
      (isRecord(value.tool_input) && hasOptionalText(value.tool_input, ["file_path"])))
  );
}

/** A status-line input, by the same rules. */
export function isStatuslineInput(value: unknown): value is StatuslineInput {
  return (
    isRecord(value) &&
    hasOptionalText(value, ["cwd"]) &&
    (value.workspace === undefined ||
      (isRecord(value.workspace) &&
        hasOptionalText(value.workspace, ["current_dir", "project_dir"])))
  );
}

/** A reader of `stream` for HookIo: its text, or `undefined` when it is a terminal. */
export function streamReader(stream: InputStream): () => Promise<string | undefined> {
  return async () => (stream.isTTY ? undefined : readAll(stream));
}

/** Reads all of `stream` as UTF-8 text. */
export async function readAll(stream: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses `text` as JSON that passes `check`; `undefined` when it is not JSON or does not. */
export function parseJsonInput<T>(
  text: string,
  check: (value: unknown) => value is T,
): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return check(value) ? value : undefined;
}

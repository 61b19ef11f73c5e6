/** The JSON Claude Code writes to a hook's stdin and to the status-line command's stdin. */
import * as z from "zod/mini";
import type { InputStream } from "../context.js";
import { lazySchema } from "./lazy-schema.js";

/** A PostToolUse hook's input; only the fields ccw reads (the tool input carries `file_path`). */
export const hookInputSchema = lazySchema(() => {
  const optionalText = z.optional(z.string());
  return z.looseObject({
    session_id: optionalText,
    cwd: optionalText,
    tool_name: optionalText,
    tool_input: z.optional(z.looseObject({ file_path: optionalText })),
  });
});

export type HookInput = z.infer<ReturnType<typeof hookInputSchema>>;

/** The status-line input; only the fields that name the workspace. */
export const statuslineInputSchema = lazySchema(() => {
  const optionalText = z.optional(z.string());
  return z.looseObject({
    cwd: optionalText,
    workspace: z.optional(z.looseObject({ current_dir: optionalText, project_dir: optionalText })),
  });
});

export type StatuslineInput = z.infer<ReturnType<typeof statuslineInputSchema>>;

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

/** Parses `text` as JSON with `schema`; `undefined` when it is not JSON or does not fit. */
export function parseJsonInput<T>(
  text: string,
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } },
): T | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

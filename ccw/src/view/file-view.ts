/** A file of a session as the page shows it: its kind, its text, and for JSON whether it parses. */
import fs from "node:fs/promises";
import type { FileView } from "./api-types.js";
import { parseJsonText } from "./json-text.js";

/** The page shows at most this much of a file. */
export const FILE_LIMIT = 2 * 1024 * 1024;

/** The kind of a file, by its name. */
export function fileKind(name: string): FileView["kind"] {
  if (/\.(md|markdown)$/i.test(name)) return "markdown";
  if (/\.json$/i.test(name)) return "json";
  if (/\.jsonl$/i.test(name)) return "jsonl";
  return "text";
}

/** The JSON check of a whole text: valid, or where it stops being JSON. */
export function jsonCheck(text: string): { valid: boolean; error?: string } {
  try {
    parseJsonText(text);
    return { valid: true };
  } catch (error) {
    return { valid: false, error: (error as Error).message };
  }
}

/** Reads `real` (an already checked real path) for the page; `shown` is its requested path. */
export async function readFileView(real: string, shown: string): Promise<FileView> {
  const handle = await fs.open(real, "r");
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, FILE_LIMIT);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const kind = fileKind(shown);
    const truncated = size > length;
    return {
      path: shown,
      size,
      kind,
      text,
      truncated,
      ...(kind === "json" && !truncated ? { json: jsonCheck(text) } : {}),
    };
  } finally {
    await handle.close();
  }
}

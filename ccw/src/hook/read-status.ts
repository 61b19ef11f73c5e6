import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describeFsError } from "../errors.js";
import { readRegularFileSync } from "../lib/fs/regular-file.js";
import { isCoordinatorStatus, isStatusSource, projectStatus } from "../session/status.js";
import { isLegacyStatus, summarizeLegacyStatus } from "./legacy-status.js";
import { STATUS_FOLDERS, type StatusPath } from "./status-path.js";
import { type StatusSummary, summarizeStatus } from "./status-summary.js";

/** The file-system calls the hook makes; node:fs/promises fits, tests may inject failures. */
export interface HookFs {
  readFile(file: string, encoding: "utf8"): Promise<string>;
  readdir(dir: string): Promise<string[]>;
  stat(file: string): Promise<{ mtimeMs: number; isDirectory(): boolean }>;
}

/**
 * The real file system for the hook. Synchronous calls behind the promise interface: a hook
 * process makes a handful of calls and exits, so starting libuv's thread pool and the
 * FileHandle machinery of node:fs/promises would cost more than the calls themselves.
 */
export const nodeHookFs: HookFs = {
  // Never blocks on a named pipe in a status file's place: a hook must not hang its host.
  readFile: async (file) => readRegularFileSync(file),
  readdir: async (dir) => readdirSync(dir),
  stat: async (file) => statSync(file),
};

/** Where the summary came from: our status.json, our state.json, or an older ccw file. */
export type StatusFormat = "status.json" | "state.json" | "legacy";

export type ReadStatusResult =
  | { readonly kind: "ok"; readonly summary: StatusSummary; readonly format: StatusFormat }
  | { readonly kind: "missing" }
  | { readonly kind: "unreadable"; readonly reason: string }
  | { readonly kind: "invalid"; readonly reason: string };

/** Reads and parses one status file; never throws for file-system or content problems. */
export async function readStatusFile(target: StatusPath, fs: HookFs): Promise<ReadStatusResult> {
  let text: string;
  try {
    text = await fs.readFile(target.file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    return { kind: "unreadable", reason: describeFsError(error) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: "invalid", reason: `not JSON (${detail})` };
  }
  return parseStatusValue(value, target);
}

/** The summary of a status value in one of our two formats, or the older one; else undefined. */
export function summarizeStatusValue(
  value: unknown,
  target: StatusPath,
): { summary: StatusSummary; format: StatusFormat } | undefined {
  if (isCoordinatorStatus(value)) return { summary: summarizeStatus(value), format: "status.json" };
  if (isStatusSource(value)) {
    return { summary: summarizeStatus(projectStatus(value)), format: "state.json" };
  }
  if (target.folder !== ".codex-coordinator" && isLegacyStatus(value)) {
    const fallbackWorkflow = STATUS_FOLDERS[target.folder];
    return {
      summary: summarizeLegacyStatus(value, target.sessionId, fallbackWorkflow),
      format: "legacy",
    };
  }
  return undefined;
}

/** Like summarizeStatusValue, but says what is wrong with a value that fits no format. */
export async function parseStatusValue(
  value: unknown,
  target: StatusPath,
): Promise<ReadStatusResult> {
  const summarized = summarizeStatusValue(value, target);
  if (summarized) return { kind: "ok", ...summarized };
  // Only a broken file needs zod, to describe what is wrong with it.
  const { describeInvalidStatus } = await import("./status-issues.js");
  return { kind: "invalid", reason: describeInvalidStatus(value, target) };
}

/** Resolves `file` against `base` when it is relative. */
export function resolvePath(base: string, file: string): string {
  return path.resolve(base, file);
}

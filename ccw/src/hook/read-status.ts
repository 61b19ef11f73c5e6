import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type * as z from "zod/mini";
import { describeFsError } from "../errors.js";
import { readRegularFileSync } from "../tools/regular-file.js";
import { legacyStatusSchema, summarizeLegacyStatus } from "./legacy-status.js";
import { CoordinatorStatusSchema, projectStatus, StatusSourceSchema } from "./status.js";
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

/** Session folders whose status files the hook reads, and the workflow each one implies. */
export const STATUS_FOLDERS = {
  ".ccw": "ccw",
  ".ccw-coordinator": "ccw-coordinator",
  ".ccw-debug": "ccw-debug",
  ".codex-coordinator": "codex-coordinator",
} as const satisfies Record<string, string>;

export type StatusFolder = keyof typeof STATUS_FOLDERS;

/** The file names the hook reads inside a session folder. */
export const STATUS_FILE_NAMES = ["status.json", "state.json"] as const;

/** A path the hook handles: `<…>/<folder>/<session-id>/<status.json|state.json>`. */
export interface StatusPath {
  readonly file: string;
  readonly folder: StatusFolder;
  readonly sessionId: string;
  readonly fileName: (typeof STATUS_FILE_NAMES)[number];
}

/** Where the summary came from: our status.json, our state.json, or an older ccw file. */
export type StatusFormat = "status.json" | "state.json" | "legacy";

export type ReadStatusResult =
  | { readonly kind: "ok"; readonly summary: StatusSummary; readonly format: StatusFormat }
  | { readonly kind: "missing" }
  | { readonly kind: "unreadable"; readonly reason: string }
  | { readonly kind: "invalid"; readonly reason: string };

const isStatusFolder = (name: string | undefined): name is StatusFolder =>
  name !== undefined && Object.hasOwn(STATUS_FOLDERS, name);

const isStatusFileName = (name: string | undefined): name is StatusPath["fileName"] =>
  name === "status.json" || name === "state.json";

/** Whether the hook handles `file` (an absolute path), and how; `undefined` if it does not. */
export function classifyStatusPath(file: string): StatusPath | undefined {
  const parts = file.split(/[\\/]+/);
  const fileName = parts.at(-1);
  const sessionId = parts.at(-2);
  const folder = parts.at(-3);
  if (!isStatusFileName(fileName) || !isStatusFolder(folder) || !sessionId) return undefined;
  return { file, folder, sessionId, fileName };
}

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

// Issues then carry the offending value, for messages that say what was found.
const WITH_INPUT = { reportInput: true } as const;

/** The summary of a parsed status value, trying our two formats first, then the older one. */
export function parseStatusValue(value: unknown, target: StatusPath): ReadStatusResult {
  const status = CoordinatorStatusSchema.safeParse(value, WITH_INPUT);
  if (status.success) {
    return { kind: "ok", summary: summarizeStatus(status.data), format: "status.json" };
  }
  const state = StatusSourceSchema.safeParse(value, WITH_INPUT);
  if (state.success) {
    return {
      kind: "ok",
      summary: summarizeStatus(projectStatus(state.data)),
      format: "state.json",
    };
  }
  const legacy = legacyStatusSchema().safeParse(value, WITH_INPUT);
  if (legacy.success && target.folder !== ".codex-coordinator") {
    const summary = summarizeLegacyStatus(
      legacy.data,
      target.sessionId,
      STATUS_FOLDERS[target.folder],
    );
    return { kind: "ok", summary, format: "legacy" };
  }
  // Report against the format this folder and file name call for.
  const expected =
    target.folder !== ".codex-coordinator"
      ? legacy
      : target.fileName === "status.json"
        ? status
        : state;
  return { kind: "invalid", reason: describeIssues(expected.error?.issues ?? []) };
}

/** `command_chain.0.status: expected one of pending|running|…; session_id: missing`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], max = 3): string {
  const described = issues.slice(0, max).map((issue) => {
    const where = issue.path.length === 0 ? "(top level)" : issue.path.join(".");
    return `${where}: ${describeIssue(issue)}`;
  });
  if (issues.length > max) described.push(`and ${issues.length - max} more`);
  return described.join("; ");
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const expected =
    issue.code === "invalid_type"
      ? issue.expected
      : issue.code === "invalid_value"
        ? issue.values.map((value) => JSON.stringify(value)).join(" | ")
        : undefined;
  if (expected !== undefined) {
    if (issue.input === undefined) return `missing (expected ${expected})`;
    const found =
      issue.code === "invalid_type" ? typeName(issue.input) : shorten(JSON.stringify(issue.input));
    return `expected ${expected}, found ${found}`;
  }
  if (issue.code === "too_small") return `must be at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `must be at most ${String(issue.maximum)}`;
  return issue.message;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : `${typeof value} ${shorten(JSON.stringify(value))}`;
}

function shorten(text: string | undefined, max = 40): string {
  if (text === undefined) return "nothing";
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Resolves `file` against `base` when it is relative. */
export function resolvePath(base: string, file: string): string {
  return path.resolve(base, file);
}

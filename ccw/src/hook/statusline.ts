import path from "node:path";
import { isRecord } from "../lib/json/json-checks.js";
import { ACTIVE_STATUSES } from "../session/status.js";
import { readUnfinishedIndex } from "../session/unfinished-index.js";
import { isStatuslineInput, parseJsonInput } from "./hook-input.js";
import type { HookIo, HookOutcome, ProcessProbe } from "./hook-outcome.js";
import { type HookFs, summarizeStatusValue } from "./read-status.js";
import { STATUS_FILE_NAMES, type StatusPath } from "./status-path.js";
import { formatStatuslineText, type StatusSummary } from "./status-summary.js";

/** Where the coordinator keeps its sessions, relative to a workspace. */
export const SESSIONS_FOLDER = path.join(".workflow", ".codex-coordinator");

/**
 * `ccw hook statusline`: reads Claude Code's status-line JSON on stdin and returns one short
 * line for the newest active (running or waiting) coordinator session of that workspace, or
 * nothing. Never fails: a status line must not show errors.
 */
export async function statusline(io: HookIo): Promise<HookOutcome> {
  try {
    const text = await io.readStdin();
    const input = text === undefined ? undefined : parseJsonInput(text, isStatuslineInput);
    const workspaces = unique([
      input?.workspace?.current_dir,
      input?.cwd,
      input?.workspace?.project_dir,
    ]).map((dir) => path.resolve(io.cwd, dir));
    if (workspaces.length === 0) workspaces.push(io.cwd);
    const session = await newestActiveSession(workspaces, io.fs, io.processes);
    if (session === undefined) return { kind: "silent", debug: "no active coordinator session" };
    return { kind: "print", text: `${formatStatuslineText(session)}\n` };
  } catch (error) {
    return { kind: "silent", debug: `statusline: ${String(error)}` };
  }
}

/**
 * The newest session whose status is running or waiting, across the workspaces' session
 * folders: those the index of unfinished sessions names (session/unfinished-index.ts), or every
 * one in a workspace without the index. Files are read newest first (by modification time,
 * which the coordinator bumps on every write), and reading stops at the first active one.
 */
export async function newestActiveSession(
  workspaces: readonly string[],
  fs: HookFs,
  processes: ProcessProbe,
): Promise<StatusSummary | undefined> {
  const candidates: { target: StatusPath; mtimeMs: number }[] = [];
  for (const workspace of workspaces) {
    const root = path.join(workspace, SESSIONS_FOLDER);
    // Only the sessions the index of unfinished ones names (all of them without an index).
    const names =
      (await readUnfinishedIndex(root, (dir) => fs.readdir(dir))) ??
      (await fs.readdir(root).catch(() => [] as string[]));
    const found = await Promise.all(names.map((name) => sessionFile(root, name, fs)));
    for (const candidate of found) if (candidate) candidates.push(candidate);
  }
  candidates.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { target } of candidates) {
    const value = await readJson(target.file, fs);
    // Most sessions are finished: skip them on their status before validating the rest.
    if (!isActive(value)) continue;
    const summary = summarizeStatusValue(value, target)?.summary;
    if (summary === undefined) continue;
    if (summary.status === "running" && (await ownerGone(target, fs, processes))) {
      return { ...summary, status: "waiting" };
    }
    return summary;
  }
  return undefined;
}

/**
 * Whether a session marked running lost its process (killed, crashed) on this host: its
 * state.json names an owner whose pid is gone. Such a session is what `ccw coordinator
 * resume` treats as interrupted, so the status line shows it as waiting.
 */
async function ownerGone(
  target: StatusPath,
  fs: HookFs,
  processes: ProcessProbe,
): Promise<boolean> {
  const value = await readJson(path.join(path.dirname(target.file), "state.json"), fs);
  const owner = isRecord(value) && isRecord(value.owner) ? value.owner : undefined;
  return (
    owner !== undefined &&
    Number.isSafeInteger(owner.pid) &&
    owner.host === processes.hostname() &&
    !processes.isAlive(owner.pid as number)
  );
}

async function readJson(file: string, fs: HookFs): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}

function isActive(value: unknown): boolean {
  const status =
    typeof value === "object" && value !== null && "status" in value ? value.status : undefined;
  return typeof status === "string" && (ACTIVE_STATUSES as readonly string[]).includes(status);
}

/** The session's status.json, or its state.json when no status.json was written yet. */
async function sessionFile(
  root: string,
  sessionId: string,
  fs: HookFs,
): Promise<{ target: StatusPath; mtimeMs: number } | undefined> {
  for (const fileName of STATUS_FILE_NAMES) {
    const file = path.join(root, sessionId, fileName);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && !stat.isDirectory()) {
      return {
        target: { file, folder: ".codex-coordinator", sessionId, fileName },
        mtimeMs: stat.mtimeMs,
      };
    }
  }
  return undefined;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => Boolean(value)))];
}

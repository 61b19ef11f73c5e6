import path from "node:path";
import { UsageError } from "../errors.js";

/** Where a workspace keeps its coordinator sessions, relative to the workspace. */
export const SESSIONS_DIR = path.join(".workflow", ".codex-coordinator");

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A new session id, `codex-coord-YYYYMMDD-HHMMSS-xxxx` (UTC time, four random hex digits). */
export function newSessionId(now: Date, randomHex: () => string): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const date = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  return `codex-coord-${date}-${time}-${randomHex().slice(0, 4).padStart(4, "0")}`;
}

/** The sessions folder of a workspace. */
export function sessionsRoot(workspace: string): string {
  return path.join(workspace, SESSIONS_DIR);
}

/**
 * The folder of session `id` in `workspace`. The id comes from a user, so it must match the
 * contract's pattern and stay a direct child of the sessions folder (no `/`, no `..`).
 */
export function sessionDir(workspace: string, id: string): string {
  if (!SESSION_ID.test(id) || id === "." || id === "..") {
    throw new UsageError(`invalid session id ${JSON.stringify(shorten(id))}`, {
      hint: "A session id is letters, digits, '.', '_' and '-' (at most 128, not starting with '.', '_' or '-'), such as codex-coord-20261121-143025-7f3a. `ccw coordinator list` shows them.",
    });
  }
  const root = sessionsRoot(workspace);
  const dir = path.resolve(root, id);
  if (path.dirname(dir) !== path.resolve(root)) {
    throw new UsageError(
      `invalid session id ${JSON.stringify(shorten(id))}: it leaves the sessions folder`,
    );
  }
  return dir;
}

/** The folder name of step `index` (0-based): `01-lite-plan-a`. */
export function stepDirName(index: number, command: string): string {
  return `${String(index + 1).padStart(2, "0")}-${command}`;
}

/** The files of one session folder. */
export function sessionFiles(dir: string) {
  return {
    dir,
    state: path.join(dir, "state.json"),
    status: path.join(dir, "status.json"),
    events: path.join(dir, "events.jsonl"),
    lock: path.join(dir, "lock"),
    /** Written by `ccw coordinator abort` before it stops the running process. */
    abortRequest: path.join(dir, "abort-request.json"),
    input: path.join(dir, "input"),
    intent: path.join(dir, "input", "intent.md"),
    steps: path.join(dir, "steps"),
  };
}

/** The files of one step folder. */
export function stepFiles(dir: string, index: number, command: string) {
  const stepDir = path.join(dir, "steps", stepDirName(index, command));
  return {
    dir: stepDir,
    prompt: path.join(stepDir, "prompt.md"),
    events: path.join(stepDir, "codex.jsonl"),
    lastMessage: path.join(stepDir, "last-message.md"),
    stderr: path.join(stepDir, "stderr.log"),
    artifacts: path.join(stepDir, "artifacts"),
  };
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

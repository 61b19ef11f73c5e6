/**
 * `ccw hook session-context`: Claude Code's SessionStart hook. It reads the hook JSON on stdin
 * (`cwd`, `session_id`, `source`) and prints a few plain-text lines naming the workspace's
 * unfinished coordinator sessions (planned, running, waiting, failed), each with the exact
 * command that continues it; Claude Code hands that text to the model as context. Nothing when
 * there is none. Never fails: a broken session folder must not break the start of a session.
 */
import path from "node:path";
import { hasOptionalText, isRecord } from "../lib/json/json-checks.js";
import { chainProgress, isStatusSource, type StatusSource } from "../session/status.js";
import { readUnfinishedIndex, UNFINISHED_STATUSES } from "../session/unfinished-index.js";
import type { HookIo, HookOutcome, ProcessProbe } from "./hook-outcome.js";
import type { HookFs } from "./read-status.js";
import { SESSIONS_FOLDER } from "./statusline.js";

/** At most this many sessions are named; the rest are counted. */
export const MAX_SESSIONS_SHOWN = 5;

const UNFINISHED = UNFINISHED_STATUSES;

/** The fields of a state.json the context names, beyond the status source. */
interface SessionFacts extends StatusSource {
  intent?: unknown;
  owner?: unknown;
}

/** The hook's output for the workspace in the hook JSON (or the current folder). */
export async function sessionContext(io: HookIo): Promise<HookOutcome> {
  try {
    const text = await io.readStdin();
    const input = text === undefined || text.trim() === "" ? undefined : parseInput(text);
    const workspace = path.resolve(io.cwd, input?.cwd ?? ".");
    const sessions = await unfinishedSessions(workspace, io.fs);
    if (sessions.length === 0) return { kind: "silent", debug: "no unfinished session" };
    return { kind: "print", text: describeSessions(sessions, io.processes) };
  } catch (error) {
    return { kind: "silent", debug: `session-context: ${String(error)}` };
  }
}

async function readJson(file: string, fs: HookFs): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8"));
  } catch {
    return undefined;
  }
}

function parseInput(text: string): { cwd?: string } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) && hasOptionalText(value, ["cwd", "session_id", "source"])
      ? (value as { cwd?: string })
      : undefined;
  } catch {
    return undefined;
  }
}

/** The workspace's sessions that are not completed or aborted, newest first. */
export async function unfinishedSessions(workspace: string, fs: HookFs): Promise<SessionFacts[]> {
  const root = path.join(workspace, SESSIONS_FOLDER);
  // Only the sessions the index of unfinished ones names (all of them without an index).
  const names =
    (await readUnfinishedIndex(root, (dir) => fs.readdir(dir))) ??
    (await fs.readdir(root).catch(() => [] as string[]));
  const found: SessionFacts[] = [];
  for (const name of names) {
    if (name.startsWith(".")) continue;
    const dir = path.join(root, name);
    // Most sessions are finished: status.json (small) says so without reading state.json.
    const status = await readJson(path.join(dir, "status.json"), fs);
    if (isRecord(status) && typeof status.status === "string" && !UNFINISHED.has(status.status)) {
      continue;
    }
    const value = await readJson(path.join(dir, "state.json"), fs);
    if (isStatusSource(value) && value.session_id === name && UNFINISHED.has(value.status)) {
      found.push(value as SessionFacts);
    }
  }
  return found.sort((a, b) =>
    a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : 0,
  );
}

/** The text for these sessions (newest first): a heading, then one line each. */
export function describeSessions(
  sessions: readonly SessionFacts[],
  processes: ProcessProbe,
): string {
  const shown = sessions.slice(0, MAX_SESSIONS_SHOWN);
  const lines = [
    `ccw coordinator: ${sessions.length} unfinished session${sessions.length === 1 ? "" : "s"} in this workspace (newest first; details: ccw coordinator status <id>):`,
    ...shown.map((session) => `- ${describeSession(session, processes)}`),
  ];
  if (sessions.length > shown.length) {
    lines.push(`- and ${sessions.length - shown.length} more: ccw coordinator list`);
  }
  return `${lines.join("\n")}\n`;
}

function describeSession(session: SessionFacts, processes: ProcessProbe): string {
  const id = session.session_id;
  const chain = [...session.command_chain].sort((a, b) => a.index - b.index);
  const progress = chainProgress(chain, session.current_index);
  const at = progress.current === null ? undefined : chain[progress.current];
  const where = at === undefined ? "" : ` at step ${at.index + 1}/${chain.length} ${at.command}`;
  const intent =
    typeof session.intent === "string"
      ? ` — "${shorten(session.intent.replace(/\s+/g, " "))}"`
      : "";
  const facts = `${progress.done}/${progress.total} steps done${intent}`;
  const resume = `ccw coordinator resume ${id} --yes --detach`;
  switch (session.status) {
    case "planned":
      return `${id}: planned, not started (${facts}). Run it: ${resume}`;
    case "failed":
      return `${id}: failed${where} (${facts}). Retry it: ${resume}`;
    case "waiting":
      return `${id}: waiting${where} (${facts}). Continue it: ${resume}`;
    default: {
      const pid = ownerPid(session.owner, processes);
      return pid === undefined
        ? `${id}: interrupted${where}, its process is gone (${facts}). Continue it: ${resume}`
        : `${id}: running${where} (pid ${pid}; ${facts}). Follow it: ccw coordinator wait ${id}`;
    }
  }
}

/** The owner's pid while it runs on this host (another host's owner counts as running). */
function ownerPid(owner: unknown, processes: ProcessProbe): number | undefined {
  if (!isRecord(owner) || !Number.isSafeInteger(owner.pid)) return undefined;
  const pid = owner.pid as number;
  if (owner.host !== processes.hostname()) return pid;
  return processes.isAlive(pid) ? pid : undefined;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * The on-disk home of coordinator sessions (shared/specs/coordinator.md §4):
 * `<workspace>/.workflow/.codex-coordinator/<session-id>/`. Every state change is written
 * whole and atomically, then projected to status.json; an invalid state.json is reported with
 * its JSON path and never written over.
 */
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import {
  describeFsError,
  InvalidDataError,
  NotFoundError,
  StorageError,
  UsageError,
} from "../errors.js";
import { isAtomicTempFileOf, writeFileAtomically } from "../lib/fs/atomic-file.js";
import { readRegularFile, readRegularFileSync } from "../lib/fs/regular-file.js";
import { jsonPathAt, jsonSyntaxError, lineColumnAt } from "../lib/json/json-location.js";
import { type SessionState, stateSchemas } from "../session/state-schema.js";
import { projectStatus } from "../session/status.js";
import { renderStatusFile } from "../session/status-file.js";
import { UNFINISHED_STATUSES } from "../session/unfinished-index.js";
import * as z from "../zod.js";
import { idTime, newestFirst, readBatches } from "./session-listing.js";
import { acquireSessionLock, type LockEnvironment } from "./session-lock.js";
import { sessionDir, sessionFiles, sessionsRoot, stepFiles } from "./session-paths.js";
import { markUnfinished, unmarkUnfinished } from "./unfinished-markers.js";

/** One line of events.jsonl. */
export const SessionEvent = z.object({
  time: z.string(),
  kind: z.string(),
  step: z.optional(z.int().check(z.minimum(0))),
  detail: z.optional(z.string()),
});
export type SessionEvent = z.infer<typeof SessionEvent>;

/** What the sessions folder's .gitignore holds: everything in it is ignored. */
export const SESSIONS_GITIGNORE = "*\n";

function ignoreExists(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
}

/** A session that could not be read, for listings. */
export interface SessionProblem {
  readonly id: string;
  readonly message: string;
}

const RECOVERY_HINT =
  "The file was left untouched. Restore it (for example from version control), or remove the session folder to start over.";

/** How the store writes a whole file (atomically); tests inject faults here. */
export type FileWriter = (
  file: string,
  text: string,
  options?: { durable?: boolean },
) => Promise<void>;

/** Reads and writes the sessions of one workspace. */
export class SessionStore {
  constructor(
    readonly workspace: string,
    private readonly now: () => Date = () => new Date(),
    private readonly writeFile: FileWriter = writeFileAtomically,
  ) {}

  /** What status.json shows (without its time), per session, as this store last wrote it. */
  private readonly statusShown = new Map<string, string>();

  /** The sessions this store has named in the index of unfinished sessions. */
  private readonly marked = new Set<string>();

  /** The sessions folder. */
  get root(): string {
    return sessionsRoot(this.workspace);
  }

  /** The files of session `id` (the id is validated). */
  files(id: string) {
    return sessionFiles(sessionDir(this.workspace, id));
  }

  /** Creates the folder of a new session and writes its first state. */
  async create(state: SessionState): Promise<SessionState> {
    const files = this.files(state.session_id);
    try {
      const created = mkdirSync(this.root, { recursive: true });
      // The first session of a workspace also keeps git (and with it Claude Code's listing of
      // changed files) out of the sessions folder. Only then: a user who removed the file to
      // keep sessions in git does not get it back (docs/claude-code.md).
      if (created !== undefined) {
        try {
          writeFileSync(path.join(this.root, ".gitignore"), SESSIONS_GITIGNORE, { flag: "wx" });
        } catch (error) {
          ignoreExists(error);
        }
      }
      mkdirSync(files.dir); // fails if the session exists: ids are never reused
      mkdirSync(files.input);
      mkdirSync(files.lock);
      writeFileSync(files.intent, `${state.intent}\n`);
      for (const step of state.command_chain) {
        mkdirSync(stepFiles(files.dir, step.index, step.command).artifacts, { recursive: true });
      }
    } catch (error) {
      throw new StorageError(
        `cannot create the session folder ${files.dir}: ${describeFsError(error)}`,
        { hint: "Check that the workspace is writable.", cause: error },
      );
    }
    const saved = await this.save(state);
    await this.appendEvent(state.session_id, { kind: "session.planned" });
    return saved;
  }

  /** Reads and validates state.json of session `id`; never modifies anything. */
  async load(id: string): Promise<SessionState> {
    const files = this.files(id);
    let text: string;
    try {
      text = await readRegularFile(files.state);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        await this.requireFolder(id);
        throw new InvalidDataError(`session ${id} has no state.json (${files.state})`, {
          hint: "The folder is incomplete; remove it to start over.",
        });
      }
      throw new StorageError(`cannot read ${files.state}: ${describeFsError(error)}`);
    }
    const state = parseState(text, files.state, id);
    // A session runs in the workspace it is found in: a project moved or copied elsewhere keeps
    // its sessions, and nothing may be written at the path its state.json remembers.
    return state.workspace === this.workspace ? state : { ...state, workspace: this.workspace };
  }

  /** Checks that session `id` has a folder (before its lock is taken there); reads nothing. */
  async requireFolder(id: string): Promise<void> {
    const files = this.files(id);
    const folderExists = await fs.stat(files.dir).then(
      () => true,
      () => false,
    );
    if (!folderExists) {
      throw new NotFoundError(`no session ${id} in ${this.root}`, {
        hint: "`ccw coordinator list` shows the sessions of this workspace (use --cd for another one).",
      });
    }
  }

  /**
   * Writes `state` (with a fresh `updated_at`) atomically, then its status.json projection when
   * anything the projection shows has changed since this store last wrote it.
   */
  async save(state: SessionState): Promise<SessionState> {
    const next: SessionState = { ...state, updated_at: this.now().toISOString() };
    const files = this.files(next.session_id);
    const unfinished = UNFINISHED_STATUSES.has(next.status);
    // The index of unfinished sessions names it before its state.json can say it is unfinished
    // (once per session and process), and lets go of it only after a final state is written.
    if (unfinished && !this.marked.has(next.session_id)) {
      await markUnfinished(this.root, next.session_id);
      this.marked.add(next.session_id);
    }
    await this.writeFile(files.state, `${JSON.stringify(next, null, 2)}\n`);
    if (!unfinished) {
      await unmarkUnfinished(this.root, next.session_id);
      this.marked.delete(next.session_id);
    }
    // status.json is derived from state.json: no fsync, and no rewrite for a change it does not
    // show (a pid or a thread id), so its `updated_at` is the time of its last visible change.
    const shown = JSON.stringify({ ...projectStatus(next), updated_at: "" });
    if (this.statusShown.get(next.session_id) !== shown) {
      await this.writeFile(files.status, renderStatusFile(next), { durable: false });
      this.statusShown.set(next.session_id, shown);
    }
    return next;
  }

  /**
   * Tidies a completed session: a process killed in its last moments, between its final
   * state.json write and the rest, leaves a stale status.json, its lock record and perhaps a
   * temp file. Taking the lock clears the dead owner's record; the rest is repaired under it.
   */
  async tidyCompleted(id: string, lockEnvironment?: LockEnvironment): Promise<SessionState> {
    const lock = await acquireSessionLock(this.files(id).lock, lockEnvironment);
    try {
      const state = await this.load(id);
      await this.removeTempFiles(id);
      await this.repairStatus(state);
      return state;
    } finally {
      await lock.release();
    }
  }

  /** Rewrites status.json when it is not the projection of `state` (after a crash between the two). */
  async repairStatus(state: SessionState): Promise<void> {
    const files = this.files(state.session_id);
    const expected = renderStatusFile(state);
    const current = await readRegularFile(files.status).catch(() => undefined);
    if (current !== expected) await this.writeFile(files.status, expected, { durable: false });
  }

  /** Appends one line to events.jsonl. */
  async appendEvent(id: string, event: Omit<SessionEvent, "time">): Promise<void> {
    const line: SessionEvent = { time: this.now().toISOString(), ...event };
    try {
      appendFileSync(this.files(id).events, `${JSON.stringify(line)}\n`);
    } catch (error) {
      throw new StorageError(
        `cannot append to ${this.files(id).events}: ${describeFsError(error)}`,
      );
    }
  }

  /** Records that process `pid` asks the session's runner to abort (before stopping it). */
  async requestAbort(id: string, pid: number): Promise<void> {
    const file = this.files(id).abortRequest;
    try {
      await fs.writeFile(file, `${JSON.stringify({ pid, at: this.now().toISOString() })}\n`);
    } catch (error) {
      throw new StorageError(`cannot write ${file}: ${describeFsError(error)}`);
    }
  }

  /** The pid of the process that asked to abort session `id`, if one did (0: unknown). */
  async abortRequestedBy(id: string): Promise<number | undefined> {
    let text: string;
    try {
      text = await readRegularFile(this.files(id).abortRequest);
    } catch {
      return undefined;
    }
    try {
      const pid: unknown = (JSON.parse(text) as { pid?: unknown }).pid;
      return typeof pid === "number" && Number.isInteger(pid) && pid > 0 ? pid : 0;
    } catch {
      return 0;
    }
  }

  /** Removes the abort request of session `id` (done once the session is aborted). */
  async clearAbortRequest(id: string): Promise<void> {
    await fs.rm(this.files(id).abortRequest, { force: true }).catch(() => undefined);
  }

  /** The events of session `id`; a line cut short by a crash (the last one) is ignored. */
  async readEvents(id: string): Promise<SessionEvent[]> {
    let text: string;
    try {
      text = await readRegularFile(this.files(id).events);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new StorageError(`cannot read ${this.files(id).events}: ${describeFsError(error)}`);
    }
    const events: SessionEvent[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      try {
        const parsed = SessionEvent.safeParse(JSON.parse(line));
        if (parsed.success) events.push(parsed.data);
      } catch {
        // a torn last line: the transition it described is in state.json anyway
      }
    }
    return events;
  }

  /**
   * The sessions of the workspace, newest first, and the folders that could not be read
   * (`total`: how many session folders there are). With `limit`, only the newest `limit` are
   * returned, and only their state.json files are read (session-listing.ts), so a workspace of
   * thousands of sessions lists as fast as one of a few; the problems are then those of the
   * folders read. State files are read in parallel.
   */
  async list(
    options: { limit?: number } = {},
  ): Promise<{ sessions: SessionState[]; problems: SessionProblem[]; total: number }> {
    const names = await this.sessionNames();
    const { limit } = options;
    const sessions: SessionState[] = [];
    const problems: SessionProblem[] = [];
    let timedRead = 0;
    for (const batch of limit === undefined ? [names.sort()] : readBatches(names, limit)) {
      const loaded = await Promise.all(
        batch.map((name) =>
          this.loadForListing(name).then(
            (state) => ({ name, state }),
            (error: unknown) => {
              if (!(error instanceof Error)) throw error;
              return { name, error };
            },
          ),
        ),
      );
      for (const result of loaded) {
        if ("error" in result) problems.push({ id: result.name, message: result.error.message });
        else {
          sessions.push(result.state);
          if (idTime(result.name) !== undefined) timedRead++;
        }
      }
      // Every later batch is older than the timed sessions read so far.
      if (limit !== undefined && timedRead >= limit) break;
    }
    sessions.sort(newestFirst);
    return {
      sessions: limit === undefined ? sessions : sessions.slice(0, limit),
      problems,
      total: names.length,
    };
  }

  /**
   * load() for listings: the file is read synchronously, which for many small files in a row
   * is faster than queueing them through libuv's thread pool (1,000 state.json files in one
   * process: 349 ms synchronously, 704 ms in parallel through fs/promises, medians of 12 on the
   * loaded 2-core machine). A file that cannot be read goes through load() for its message.
   */
  private async loadForListing(id: string): Promise<SessionState> {
    const files = this.files(id);
    let text: string;
    try {
      text = readRegularFileSync(files.state);
    } catch {
      return this.load(id);
    }
    const state = parseState(text, files.state, id);
    return state.workspace === this.workspace ? state : { ...state, workspace: this.workspace };
  }

  /** The names of the session folders (unsorted); none when the sessions folder is missing. */
  private async sessionNames(): Promise<string[]> {
    try {
      return (await fs.readdir(this.root, { withFileTypes: true }))
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
        .map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw new StorageError(`cannot read ${this.root}: ${describeFsError(error)}`);
    }
  }

  /** The id named on the command line, or the newest session's with `last`. */
  async resolveId(id: string | undefined, last: boolean): Promise<string> {
    if (id !== undefined && last) throw new UsageError("give a session id or --last, not both");
    if (id !== undefined) {
      this.files(id); // validates
      return id;
    }
    if (!last) {
      throw new UsageError("which session? Give its id or --last", {
        hint: "`ccw coordinator list` shows the sessions of this workspace.",
      });
    }
    // The newest by its id's time: only the sessions of the newest second are read.
    const { sessions } = await this.list({ limit: 1 });
    const newest = sessions[0];
    if (!newest) throw new NotFoundError(`there are no sessions in ${this.root}`);
    return newest.session_id;
  }

  /** Removes temp files that atomic writes interrupted by a crash left in a session folder. */
  async removeTempFiles(id: string): Promise<void> {
    const files = this.files(id);
    for (const name of await fs.readdir(files.dir)) {
      if (isAtomicTempFileOf(name, files.state) || isAtomicTempFileOf(name, files.status)) {
        await fs.rm(path.join(files.dir, name), { force: true });
      }
    }
  }
}

/** Parses and validates the text of a state.json, naming the JSON path of every problem. */
export function parseState(text: string, file: string, expectedId?: string): SessionState {
  if (text.trim() === "") {
    throw new InvalidDataError(`${file}: the file is empty (${text.length} bytes)`, {
      hint: RECOVERY_HINT,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const { offset, line, column, truncated } = jsonSyntaxError(text) ?? {
      offset: text.length,
      ...lineColumnAt(text, text.length),
      truncated: true,
    };
    const reason = truncated ? "it ends early (truncated?)" : "it is not valid JSON";
    throw new InvalidDataError(
      `${file}: ${jsonPathAt(text, offset)}: ${reason} at line ${line}, column ${column}`,
      { hint: RECOVERY_HINT },
    );
  }
  const parsed = stateSchemas().SessionState.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${file}: ${formatPath(issue.path)}: ${issue.message}`,
    );
    throw new InvalidDataError(problems.join("\n"), { hint: RECOVERY_HINT });
  }
  if (expectedId !== undefined && parsed.data.session_id !== expectedId) {
    throw new InvalidDataError(
      `${file}: $.session_id: expected "${expectedId}" (the folder's name), found "${parsed.data.session_id}"`,
      { hint: RECOVERY_HINT },
    );
  }
  return parsed.data;
}

function formatPath(segments: readonly PropertyKey[]): string {
  let result = "$";
  for (const segment of segments) {
    result += typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`;
  }
  return result;
}

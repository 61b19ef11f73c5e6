/**
 * The sessions of a workspace for the list: the fields it shows of each state.json
 * (session-row-source.ts), read again only when the file's size, time or inode changed, so
 * listing a thousand sessions again costs a folder read and a thousand stats.
 */
import { statSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { readRegularFileSync } from "../lib/fs/regular-file.js";
import type { SessionList, SessionRow } from "./api-types.js";
import { parseJsonText } from "./json-text.js";
import { sessionRow } from "./session-detail.js";
import { SessionRowSource } from "./session-row-source.js";

type Entry =
  | { readonly stamp: string; readonly row: SessionRow }
  | { readonly stamp: string; readonly problem: string };

/** A cached listing of one sessions folder. */
export class SessionIndex {
  private readonly cache = new Map<string, Entry>();

  constructor(
    readonly workspace: string,
    readonly root: string,
  ) {}

  /** Every session, newest first, and the folders that could not be read. */
  async list(): Promise<SessionList> {
    let names: string[];
    try {
      names = (await fs.readdir(this.root, { withFileTypes: true }))
        // A hidden folder is not a session (ids never start with '.'): the index of unfinished
        // sessions lives in `.unfinished`.
        .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
        .map((entry) => entry.name);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        this.cache.clear();
        return { workspace: this.workspace, sessions: [], problems: [] };
      }
      throw error;
    }
    const present = new Set(names);
    for (const id of this.cache.keys()) if (!present.has(id)) this.cache.delete(id);
    // Synchronous on purpose: a thousand small reads in a row take a few tens of milliseconds,
    // several times less than the same reads queued through libuv's thread pool.
    const entries = names.map((id) => [id, this.entry(id)] as const);
    const sessions: SessionRow[] = [];
    const problems: { id: string; message: string }[] = [];
    for (const [id, entry] of entries) {
      if ("row" in entry) sessions.push(entry.row);
      else problems.push({ id, message: entry.problem });
    }
    sessions.sort((a, b) =>
      a.created_at === b.created_at ? compare(b.id, a.id) : compare(b.created_at, a.created_at),
    );
    problems.sort((a, b) => compare(a.id, b.id));
    return { workspace: this.workspace, sessions, problems };
  }

  /** The status of session `id` as its state.json says now (undefined: unreadable). */
  status(id: string): string | undefined {
    const entry = this.entry(id);
    return "row" in entry ? entry.row.status : undefined;
  }

  private entry(id: string): Entry {
    const file = path.join(this.root, id, "state.json");
    let stamp: string;
    try {
      const stats = statSync(file);
      stamp = `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        stamp: "",
        problem:
          code === "ENOENT" ? "the folder has no state.json" : `cannot read state.json: ${code}`,
      };
    }
    const cached = this.cache.get(id);
    if (cached?.stamp === stamp) return cached;
    let entry: Entry;
    try {
      const parsed = SessionRowSource.safeParse(parseJsonText(readRegularFileSync(file)));
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        entry = {
          stamp,
          problem: `${file}: $.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
        };
      } else if (parsed.data.session_id !== id) {
        entry = { stamp, problem: `${file}: $.session_id: expected "${id}" (the folder's name)` };
      } else entry = { stamp, row: sessionRow(parsed.data) };
    } catch (error) {
      entry = { stamp, problem: `${file}: ${(error as Error).message}` };
    }
    this.cache.set(id, entry);
    return entry;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

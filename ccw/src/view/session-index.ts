/**
 * The sessions of a workspace for the page, read through the coordinator's own parser. Each
 * state.json is parsed again only when its size, time or inode changed since the last read,
 * so listing a thousand sessions costs a folder read and a thousand stats.
 */
import fs from "node:fs/promises";
import path from "node:path";
import { parseState } from "../coordinator/session-store.js";
import type { SessionState } from "../coordinator/state-schema.js";
import { describeFsError } from "../errors.js";
import { readRegularFile } from "../tools/regular-file.js";
import type { SessionList, SessionRow } from "./api-types.js";
import { sessionRow } from "./session-detail.js";

type Entry =
  | { readonly stamp: string; readonly state: SessionState; readonly row: SessionRow }
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
        .filter((entry) => entry.isDirectory())
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
    const entries = await Promise.all(names.map(async (id) => [id, await this.entry(id)] as const));
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

  /** The state of session `id`, read again when its file changed (undefined: unreadable). */
  async state(id: string): Promise<SessionState | undefined> {
    const entry = await this.entry(id);
    return "state" in entry ? entry.state : undefined;
  }

  private async entry(id: string): Promise<Entry> {
    const file = path.join(this.root, id, "state.json");
    let stamp: string;
    try {
      const stats = await fs.stat(file);
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
      const state = parseState(await readRegularFile(file), file, id);
      const local =
        state.workspace === this.workspace ? state : { ...state, workspace: this.workspace };
      entry = { stamp, state: local, row: sessionRow(local) };
    } catch (error) {
      entry = {
        stamp,
        problem:
          error instanceof Error ? (error.message.split("\n")[0] ?? "") : describeFsError(error),
      };
    }
    this.cache.set(id, entry);
    return entry;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

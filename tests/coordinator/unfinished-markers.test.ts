import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { markUnfinished } from "../../ccw/src/coordinator/unfinished-markers.js";
import type { SessionStatus } from "../../ccw/src/session/state-schema.js";
import { unfinishedIndexDir } from "../../ccw/src/session/unfinished-index.js";
import { plannedSession } from "../helpers/session-fixture.js";

const clock = () => new Date("2026-11-21T15:00:00Z");

function tempStore(): SessionStore {
  return new SessionStore(mkdtempSync(path.join(os.tmpdir(), "ccw-markers-")), clock);
}

const indexOf = (store: SessionStore) => readdirSync(unfinishedIndexDir(store.root)).sort();

describe("the index of unfinished sessions", () => {
  it.each([
    ["planned", true],
    ["running", true],
    ["waiting", true],
    ["failed", true],
    ["completed", false],
    ["aborted", false],
  ] as [SessionStatus, boolean][])("a session saved %s is named: %s", async (status, named) => {
    const store = tempStore();
    const state = await store.create(plannedSession({ workspace: store.workspace }));
    expect(indexOf(store)).toEqual([state.session_id]);
    await store.save({ ...state, status });
    expect(indexOf(store)).toEqual(named ? [state.session_id] : []);
  });

  it("names a finished session again when a new store saves it unfinished (resumed by hand)", async () => {
    const store = tempStore();
    const state = await store.create(plannedSession({ workspace: store.workspace }));
    await store.save({ ...state, status: "completed" });
    const again = new SessionStore(store.workspace, clock);
    await again.save({ ...state, status: "waiting" });
    expect(indexOf(store)).toEqual([state.session_id]);
  });

  it("is built from a scan when missing: older unfinished sessions are named, finished ones not", async () => {
    const store = tempStore();
    const place = (id: string, files: Record<string, unknown>) => {
      const dir = path.join(store.root, id);
      mkdirSync(dir, { recursive: true });
      for (const [name, value] of Object.entries(files))
        writeFileSync(
          path.join(dir, name),
          typeof value === "string" ? value : JSON.stringify(value),
        );
    };
    place("codex-coord-20261101-000000-0001", { "status.json": { status: "completed" } });
    place("codex-coord-20261101-000001-0002", { "status.json": { status: "failed" } });
    place("codex-coord-20261101-000002-0003", { "state.json": { status: "running" } });
    place("codex-coord-20261101-000003-0004", { "status.json": "{" }); // unreadable: named
    place("codex-coord-20261101-000004-0005", { "state.json": { status: "aborted" } });
    expect(existsSync(unfinishedIndexDir(store.root))).toBe(false);
    const state = await store.create(plannedSession({ workspace: store.workspace }));
    expect(indexOf(store)).toEqual(
      [
        "codex-coord-20261101-000001-0002",
        "codex-coord-20261101-000002-0003",
        "codex-coord-20261101-000003-0004",
        state.session_id,
      ].sort(),
    );
    // No temp folder of the build is left behind.
    expect(readdirSync(store.root).filter((name) => name.startsWith("."))).toEqual([".unfinished"]);
  });

  it("two processes building it at once both end up named in one index", async () => {
    const store = tempStore();
    mkdirSync(store.root, { recursive: true });
    await Promise.all([markUnfinished(store.root, "a-1"), markUnfinished(store.root, "b-2")]);
    expect(indexOf(store)).toEqual(["a-1", "b-2"]);
  });
});

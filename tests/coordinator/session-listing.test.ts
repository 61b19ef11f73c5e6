import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { idTime, readBatches } from "../../ccw/src/coordinator/session-listing.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { plannedSession } from "../helpers/session-fixture.js";

const clock = () => new Date("2026-11-21T15:00:00Z");

/** The id and created_at of the session created `second` seconds after 2026-11-21T14:00:00Z. */
function at(second: number, hex = "7f3a"): { session_id: string; created_at: string } {
  const time = new Date(Date.UTC(2026, 10, 21, 14, 0, second));
  const stamp = time.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return { session_id: `codex-coord-${stamp}-${hex}`, created_at: time.toISOString() };
}

async function storeWith(count: number): Promise<SessionStore> {
  const store = new SessionStore(mkdtempSync(path.join(os.tmpdir(), "ccw-listing-")), clock);
  for (let second = 0; second < count; second++) {
    await store.create(plannedSession({ workspace: store.workspace, ...at(second) }));
  }
  return store;
}

describe("idTime", () => {
  it.each([
    ["codex-coord-20261121-143025-7f3a", "20261121-143025"],
    ["codex-coord-20261121-143025-7F3A", undefined],
    ["codex-coord-b", undefined],
    ["my-session", undefined],
  ])("%s -> %s", (id, time) => {
    expect(idTime(id)).toBe(time);
  });
});

describe("readBatches", () => {
  const a = "codex-coord-20261121-140000-0001";
  const b1 = "codex-coord-20261121-140001-0001";
  const b2 = "codex-coord-20261121-140001-0002";
  const c = "codex-coord-20261121-140002-0001";
  it.each([
    [
      "the newest first, untimed names in the first batch",
      [a, "x", c, b1],
      1,
      [["x", c], [b1], [a]],
    ],
    ["a batch runs to the end of its second", [a, b1, b2, c], 2, [[c, b2, b1], [a]]],
    ["one batch when the limit covers all", [a, b1], 5, [[b1, a]]],
    ["an empty folder still has one (empty) batch", [], 3, [[]]],
  ])("%s", (_name, names, want, expected) => {
    expect(readBatches(names as string[], want as number)).toEqual(expected);
  });
});

describe("SessionStore.list with a limit", () => {
  it("reads only the newest sessions: older broken ones are neither read nor reported", async () => {
    const store = await storeWith(30);
    for (let second = 0; second < 25; second++) {
      writeFileSync(store.files(at(second).session_id).state, "{");
    }
    const { sessions, problems, total } = await store.list({ limit: 5 });
    expect(sessions.map((s) => s.session_id)).toEqual(
      [29, 28, 27, 26, 25].map((second) => at(second).session_id),
    );
    expect(problems).toEqual([]);
    expect(total).toBe(30);
    // Without a limit every state.json is read, and the broken ones are reported.
    expect((await store.list()).problems).toHaveLength(25);
  });

  it("reads further back when some of the newest cannot be read, and keeps untimed folders", async () => {
    const store = await storeWith(6);
    await store.create(
      plannedSession({
        workspace: store.workspace,
        session_id: "hand-made",
        created_at: "2026-11-21T14:00:03.500Z",
      }),
    );
    writeFileSync(store.files(at(5).session_id).state, "{");
    writeFileSync(store.files(at(4).session_id).state, "{");
    const { sessions, problems, total } = await store.list({ limit: 2 });
    expect(sessions.map((s) => s.session_id)).toEqual(["hand-made", at(3).session_id]);
    expect(problems.map((p) => p.id).sort()).toEqual([at(4).session_id, at(5).session_id]);
    expect(total).toBe(7);
  });

  it("orders sessions of the same second by created_at, as a full listing does", async () => {
    const store = new SessionStore(mkdtempSync(path.join(os.tmpdir(), "ccw-listing-")), clock);
    const base = at(0);
    await store.create(
      plannedSession({ workspace: store.workspace, ...base, session_id: at(0, "ffff").session_id }),
    );
    await store.create(
      plannedSession({
        workspace: store.workspace,
        session_id: at(0, "0001").session_id,
        created_at: "2026-11-21T14:00:00.900Z",
      }),
    );
    const full = (await store.list()).sessions.map((s) => s.session_id);
    expect(full[0]).toBe(at(0, "0001").session_id);
    expect((await store.list({ limit: 1 })).sessions.map((s) => s.session_id)).toEqual([full[0]]);
    expect(await store.resolveId(undefined, true)).toBe(full[0]);
  });

  it("--last skips a newest session whose state.json is broken", async () => {
    const store = await storeWith(4);
    writeFileSync(store.files(at(3).session_id).state, "");
    expect(await store.resolveId(undefined, true)).toBe(at(2).session_id);
  });
});

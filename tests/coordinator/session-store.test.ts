import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseState, SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { InvalidDataError, NotFoundError, UsageError } from "../../ccw/src/errors.js";
import { plannedSession } from "../helpers/session-fixture.js";

const clock = () => new Date("2026-11-21T15:00:00Z");

function tempStore(): SessionStore {
  return new SessionStore(mkdtempSync(path.join(os.tmpdir(), "ccw-store-")), clock);
}

describe("SessionStore", () => {
  it("keeps git out of the sessions folder it creates, and leaves a removed .gitignore removed", async () => {
    const store = tempStore();
    await store.create(plannedSession({ workspace: store.workspace }));
    const ignore = path.join(store.root, ".gitignore");
    expect(readFileSync(ignore, "utf8")).toBe("*\n");
    rmSync(ignore);
    await store.create(
      plannedSession({
        workspace: store.workspace,
        session_id: "codex-coord-20261121-150000-0001",
      }),
    );
    expect(existsSync(ignore)).toBe(false);
    expect((await store.list()).sessions).toHaveLength(2);
  });

  it("creates the session folder with state, status, events, input and step folders", async () => {
    const store = tempStore();
    const state = plannedSession({ workspace: store.workspace });
    await store.create(state);
    const files = store.files(state.session_id);
    expect(readdirSync(files.dir).sort()).toEqual([
      "events.jsonl",
      "input",
      "lock",
      "state.json",
      "status.json",
      "steps",
    ]);
    expect(readdirSync(files.steps)).toEqual(["01-lite-plan-a", "02-execute"]);
    expect(existsSync(path.join(files.steps, "01-lite-plan-a", "artifacts"))).toBe(true);
    expect(readFileSync(files.intent, "utf8")).toBe("Add rate limiting to the login API\n");
    expect(await store.load(state.session_id)).toEqual({
      ...state,
      updated_at: "2026-11-21T15:00:00.000Z",
    });
    expect(JSON.parse(readFileSync(files.status, "utf8"))).toMatchObject({
      session_id: state.session_id,
      status: "planned",
      progress: { done: 0, total: 2 },
      current: "lite-plan-a",
      next: "execute",
    });
    expect(await store.readEvents(state.session_id)).toEqual([
      { time: "2026-11-21T15:00:00.000Z", kind: "session.planned" },
    ]);
  });

  it("loads a session in the workspace it is found in, whatever its state.json remembers", async () => {
    const store = tempStore();
    // A project moved (or copied) from /work/project: its sessions run where they are now.
    await store.create(plannedSession({ workspace: "/work/project" }));
    const loaded = await store.load("codex-coord-20261121-143025-7f3a");
    expect(loaded.workspace).toBe(store.workspace);
  });

  it("never creates a session twice", async () => {
    const store = tempStore();
    await store.create(plannedSession());
    await expect(store.create(plannedSession())).rejects.toThrow(
      /cannot create the session folder/,
    );
  });

  it("reports an unknown session as not found", async () => {
    const store = tempStore();
    await expect(store.load("codex-coord-nope")).rejects.toBeInstanceOf(NotFoundError);
  });

  it.each(["../escape", "a/b", "..", ".hidden", "", "x".repeat(129), "semi;colon"])(
    "rejects the unsafe session id %j",
    async (id) => {
      const store = tempStore();
      await expect(store.load(id)).rejects.toBeInstanceOf(UsageError);
    },
  );

  it("reports a truncated state.json with its JSON path and leaves it untouched", async () => {
    const store = tempStore();
    const state = plannedSession();
    await store.create(state);
    const file = store.files(state.session_id).state;
    const text = readFileSync(file, "utf8");
    const cut = text.slice(0, text.indexOf('"attempts"', text.indexOf('"execute"')));
    writeFileSync(file, cut);
    const failure = store.load(state.session_id);
    await expect(failure).rejects.toBeInstanceOf(InvalidDataError);
    await expect(failure).rejects.toThrow(
      `${file}: $.command_chain[1]: it ends early (truncated?) at line`,
    );
    expect(readFileSync(file, "utf8")).toBe(cut);
  });

  it("reports every schema problem with its JSON path", () => {
    const state = plannedSession();
    const broken = JSON.parse(JSON.stringify(state));
    broken.status = "sleeping";
    broken.command_chain[1].status = "done";
    broken.command_chain[0].attempts = -1;
    expect(() => parseState(JSON.stringify(broken), "state.json")).toThrow(
      [
        'state.json: $.status: Invalid option: expected one of "planned"|"running"|"waiting"|"completed"|"failed"|"aborted"',
        "state.json: $.command_chain[0].attempts: Too small: expected number to be >=0",
        'state.json: $.command_chain[1].status: Invalid option: expected one of "pending"|"running"|"completed"|"failed"|"skipped"',
      ].join("\n"),
    );
  });

  it("rejects a state.json whose session id is not its folder's", async () => {
    const store = tempStore();
    const state = plannedSession();
    await store.create(state);
    const file = store.files(state.session_id).state;
    writeFileSync(file, JSON.stringify({ ...state, session_id: "codex-coord-other" }));
    await expect(store.load(state.session_id)).rejects.toThrow(
      '$.session_id: expected "codex-coord-20261121-143025-7f3a"',
    );
  });

  it("lists sessions newest first and reports unreadable ones", async () => {
    const store = tempStore();
    await store.create(
      plannedSession({ session_id: "codex-coord-a", created_at: "2026-11-20T00:00:00.000Z" }),
    );
    await store.create(
      plannedSession({ session_id: "codex-coord-b", created_at: "2026-11-21T00:00:00.000Z" }),
    );
    await store.create(plannedSession({ session_id: "codex-coord-c" }));
    writeFileSync(store.files("codex-coord-c").state, "{");
    const { sessions, problems } = await store.list();
    expect(sessions.map((session) => session.session_id)).toEqual([
      "codex-coord-b",
      "codex-coord-a",
    ]);
    expect(problems).toEqual([
      { id: "codex-coord-c", message: expect.stringContaining("ends early") },
    ]);
    expect(await store.resolveId(undefined, true)).toBe("codex-coord-b");
  });

  it("ignores a torn last line of events.jsonl", async () => {
    const store = tempStore();
    const state = plannedSession();
    await store.create(state);
    writeFileSync(
      store.files(state.session_id).events,
      '{"time":"t","kind":"session.planned"}\n{"time":"t","ki',
    );
    expect(await store.readEvents(state.session_id)).toEqual([
      { time: "t", kind: "session.planned" },
    ]);
  });

  it("removes temp files left by interrupted atomic writes", async () => {
    const store = tempStore();
    const state = plannedSession();
    await store.create(state);
    const files = store.files(state.session_id);
    writeFileSync(`${files.state}.123456`, "{");
    writeFileSync(`${files.status}.42`, "{");
    await store.removeTempFiles(state.session_id);
    expect(readdirSync(files.dir).sort()).toEqual([
      "events.jsonl",
      "input",
      "lock",
      "state.json",
      "status.json",
      "steps",
    ]);
  });
});

import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ActivityPage,
  FileView,
  SessionDetail,
  SessionList,
} from "../../ccw/src/view/api-types.js";
import { waitFor } from "../helpers/coordinator-e2e.js";
import { createSession, startViewWorld, streamEvents, type ViewWorld } from "./view-harness.js";

const A = "codex-coord-20261121-143025-aaaa";
const B = "codex-coord-20261122-090000-bbbb";

let world: ViewWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function withTwoSessions(options: Parameters<typeof startViewWorld>[0] = {}) {
  world = await startViewWorld(options);
  await createSession(world.store, A);
  await createSession(world.store, B, { created_at: "2026-11-22T09:00:00.000Z" });
  return world;
}

describe("ccw view: the API", () => {
  it("lists the sessions newest first, with progress, and the folders it cannot read", async () => {
    const w = await withTwoSessions();
    mkdirSync(path.join(w.store.root, "broken-session"));
    writeFileSync(path.join(w.store.root, "broken-session", "state.json"), "{");
    const answer = await w.request({ path: "/api/sessions" });
    expect(answer.status).toBe(200);
    const list = answer.json<SessionList>();
    expect(list.workspace).toBe(w.workspace);
    expect(list.sessions.map((row) => [row.id, row.status, row.done, row.total])).toEqual([
      [B, "planned", 0, 2],
      [A, "planned", 0, 2],
    ]);
    expect(list.problems).toEqual([
      { id: "broken-session", message: expect.stringContaining("state.json") },
    ]);
  });

  it("shows one session: its steps, files, next step and the actions it allows", async () => {
    const w = await withTwoSessions();
    const answer = await w.request({ path: `/api/sessions/${A}` });
    expect(answer.status).toBe(200);
    const detail = answer.json<SessionDetail>();
    expect(detail.row.id).toBe(A);
    expect(detail.folder).toBe(`.workflow/.codex-coordinator/${A}`);
    expect(detail.next).toBe(`run it: ccw coordinator resume ${A} --yes`);
    expect(detail.actions).toEqual({ resume: true, abort: true, restore: false });
    expect(detail.files.map((file) => file.path)).toEqual(["events.jsonl", "input/intent.md"]);
    expect(
      detail.steps.map((step) => [step.index, step.command, step.status, step.unit_name]),
    ).toEqual([
      [0, "lite-plan-a", "pending", "Quick Implementation"],
      [1, "execute", "pending", "Quick Implementation"],
    ]);
    expect((await w.request({ path: "/api/sessions/codex-coord-none" })).status).toBe(404);
    expect((await w.request({ path: "/api/sessions/..%2Fetc" })).status).toBe(400);
  });

  it("gives a session's events", async () => {
    const w = await withTwoSessions();
    const answer = await w.request({ path: `/api/sessions/${A}/events` });
    expect(answer.json<{ kind: string }[]>().map((event) => event.kind)).toEqual([
      "session.planned",
    ]);
  });

  it("serves a step's files: Markdown, JSON with its validation, nothing outside the folder", async () => {
    const w = await withTwoSessions();
    const artifacts = path.join(w.store.files(A).steps, "01-lite-plan-a", "artifacts");
    writeFileSync(path.join(artifacts, "plan.md"), "# Plan\n\n- one\n");
    writeFileSync(path.join(artifacts, "plan.json"), '{"schema": "ccw-plan/1",\n  "steps": [}');
    writeFileSync(path.join(w.root, "secret.txt"), "TOP-SECRET-CONTENT\n");
    symlinkSync(path.join(w.root, "secret.txt"), path.join(artifacts, "link.txt"));
    symlinkSync(w.root, path.join(artifacts, "outside"));
    const file = (relative: string) =>
      w.request({ path: `/api/sessions/${A}/file?path=${encodeURIComponent(relative)}` });

    const plan = (await file("steps/01-lite-plan-a/artifacts/plan.md")).json<FileView>();
    expect(plan).toMatchObject({ kind: "markdown", text: "# Plan\n\n- one\n", truncated: false });
    const json = (await file("steps/01-lite-plan-a/artifacts/plan.json")).json<FileView>();
    expect(json.json).toEqual({ valid: false, error: "not valid JSON at line 2, column 13" });
    expect((await file("state.json")).json<FileView>().json).toEqual({ valid: true });

    const refused = [
      ["../../../secret.txt", 400],
      [`../${B}/state.json`, 400],
      ["steps/../state.json", 400],
      ["/etc/passwd", 400],
      ["steps\\01-lite-plan-a\\prompt.md", 400],
      ["state.json\0", 400],
      ["", 400],
      ["steps/01-lite-plan-a/artifacts/link.txt", 403],
      ["steps/01-lite-plan-a/artifacts/outside/secret.txt", 403],
      ["steps/01-lite-plan-a/artifacts", 404],
      ["steps/01-lite-plan-a/artifacts/missing.md", 404],
    ] as const;
    for (const [relative, status] of refused) {
      const answer = await file(relative);
      expect([relative, answer.status]).toEqual([relative, status]);
      expect(answer.text).not.toContain("TOP-SECRET-CONTENT");
    }
    // A request path with dot segments never reaches the file system either.
    const raw = await w.request({ path: `/api/sessions/${A}/../../../../secret.txt` });
    expect(raw.status).toBe(404);
  });

  it("reads a step's Codex activity from an offset, whole lines only", async () => {
    const w = await withTwoSessions();
    const events = path.join(w.store.files(A).steps, "01-lite-plan-a", "codex.jsonl");
    const lines = [
      { type: "thread.started", thread_id: "t-1" },
      {
        type: "item.started",
        item: { id: "c1", type: "command_execution", command: "ls", status: "in_progress" },
      },
      {
        type: "item.completed",
        item: {
          id: "c1",
          type: "command_execution",
          command: "ls",
          aggregated_output: "a\n",
          exit_code: 0,
          status: "completed",
        },
      },
    ];
    writeFileSync(
      events,
      `${lines.map((line) => JSON.stringify(line)).join("\n")}\n{"type":"item.compl`,
    );
    const first = (
      await w.request({ path: `/api/sessions/${A}/steps/0/activity` })
    ).json<ActivityPage>();
    expect(first.items.map((item) => [item.id, item.kind, item.text, item.status])).toEqual([
      ["at0-0", "turn", "thread t-1 started", undefined],
      ["c1", "command", "ls", "in_progress"],
      ["c1", "command", "ls", "completed"],
    ]);
    const message = {
      type: "item.completed",
      item: { id: "m1", type: "agent_message", text: "done" },
    };
    writeFileSync(
      events,
      `${readFileSync(events, "utf8").replace(/\{"type":"item\.compl$/, "")}${JSON.stringify(message)}\n`,
    );
    const next = (
      await w.request({ path: `/api/sessions/${A}/steps/0/activity?after=${first.next}` })
    ).json<ActivityPage>();
    expect(next.items.map((item) => [item.kind, item.text])).toEqual([["message", "done"]]);
    expect((await w.request({ path: `/api/sessions/${A}/steps/7/activity` })).status).toBe(404);
    expect((await w.request({ path: `/api/sessions/${A}/steps/0/activity?after=-1` })).status).toBe(
      400,
    );
  });

  it("lists 1,000 sessions in under 300 ms", async () => {
    world = await startViewWorld({
      prepare: async (store) => {
        await createSession(store, A);
        const template = readFileSync(store.files(A).state, "utf8");
        for (let n = 0; n < 999; n++) {
          const id = `codex-coord-20261121-143025-${n.toString(16).padStart(4, "0")}`;
          mkdirSync(path.join(store.root, id, "steps", "01-lite-plan-a", "artifacts"), {
            recursive: true,
          });
          writeFileSync(path.join(store.root, id, "state.json"), template.replace(A, id));
        }
      },
    });
    const started = performance.now();
    const answer = await world.request({ path: "/api/sessions" });
    const cold = performance.now() - started;
    expect(answer.json<SessionList>().sessions).toHaveLength(1000);
    const again = performance.now();
    await world.request({ path: "/api/sessions" });
    const warm = performance.now() - again;

    expect(cold).toBeLessThan(300);
    expect(warm).toBeLessThan(300);
    // Creating and removing a thousand folders is what takes long here, not the listing.
  }, 120_000);
});

describe("ccw view: live updates", () => {
  it("sends a change event to every page when a session's state changes", async () => {
    world = await startViewWorld({
      prepare: async (store) => {
        await createSession(store, A);
        await createSession(store, B);
      },
    });
    const w = world;
    const readers = [0, 1].map(() =>
      streamEvents(w.server, (events) =>
        events.some(
          (e) =>
            e.event === "change" &&
            (e.data as { session: string }).session === A &&
            (e.data as { what: string }).what === "state",
        ),
      ),
    );
    await Promise.all(readers.map((reader) => reader.open));
    expect(w.server.clients()).toBe(2);
    const state = await w.store.load(A);
    const written = performance.now();
    await w.store.save({ ...state, status: "waiting" });
    const [events] = await Promise.all(readers.map((reader) => reader.events));
    // Only that change (a rename may be reported twice, never anything else).
    const changes = events?.filter((e) => e.event === "change").map((e) => JSON.stringify(e.data));
    expect([...new Set(changes)]).toEqual([JSON.stringify({ session: A, what: "state" })]);
    const change = events?.find((e) => e.event === "change");
    // Within a few seconds on a loaded machine; docs/dashboard.md has the measured latency.
    expect((change?.at ?? Number.POSITIVE_INFINITY) - written).toBeLessThan(3000);
  });

  it("notices the sessions folder appear, a new session, and Codex activity of a running step", async () => {
    world = await startViewWorld();
    const w = world;
    expect(existsSync(w.store.root)).toBe(false);
    const reader = streamEvents(w.server, (all) =>
      all.some((e) => (e.data as { what?: string }).what === "activity"),
    );
    await reader.open;
    await createSession(w.store, A);
    const planned = await w.store.load(A);
    await w.store.save({ ...planned, status: "running" });
    await waitFor(
      () => (w.server.watchedSteps().has(A) ? true : undefined),
      5000,
      "the steps watched",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    writeFileSync(
      path.join(w.store.files(A).steps, "01-lite-plan-a", "codex.jsonl"),
      '{"type":"turn.started"}\n',
    );
    const seen = (await reader.events).map((e) => e.data);
    expect(seen).toContainEqual({ session: A, what: "session" });
    expect(seen).toContainEqual({ session: A, what: "activity", step: 0 });
  });
});

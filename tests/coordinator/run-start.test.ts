import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runSession } from "../../ccw/src/coordinator/execute.js";
import { recoverRun, startRun } from "../../ccw/src/coordinator/run-start.js";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import { createSessionRun } from "../../ccw/src/coordinator/session-run.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { NotFoundError, UsageError } from "../../ccw/src/errors.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import {
  fakeRunner,
  lockEnvironment,
  plannedSession,
  runDependencies,
} from "../helpers/run-fixture.js";

/** A store that counts its reads of state.json, and whether the lock was held at each. */
class CountingStore extends SessionStore {
  readonly loads: { locked: boolean }[] = [];
  override async load(id: string): Promise<SessionState> {
    this.loads.push({ locked: readdirSync(this.files(id).lock).length > 0 });
    return super.load(id);
  }
}

function countingSession(chain: string[]) {
  let store: CountingStore | undefined;
  return plannedSession(chain, {
    store: (workspace) => {
      store = new CountingStore(workspace);
      return store;
    },
  }).then((planned) => ({ ...planned, counting: store as CountingStore }));
}

describe("the start of a run", () => {
  it("reads state.json once per run, under the lock, and runs every step", async () => {
    const { counting, id } = await countingSession(["quick-implementation"]);
    const { run, calls } = fakeRunner();
    const result = await runSession(id, runDependencies(counting, { run }));
    expect(result).toMatchObject({ exitCode: 0, state: { status: "completed" } });
    expect(result.ran).toBeUndefined();
    expect(calls).toEqual(["01-lite-plan-a", "02-execute"]);
    expect(counting.loads).toEqual([{ locked: true }]);
  });

  it("asks for confirmation with the loaded state, then finds the binary from it", async () => {
    const { counting, id } = await countingSession(["quick-implementation"]);
    const order: string[] = [];
    const result = await runSession(
      id,
      runDependencies(counting, {
        confirm: async (state) => {
          order.push(`confirm ${state.status}, lock held: ${counting.loads.at(-1)?.locked}`);
          return true;
        },
        codexBin: async (state) => {
          order.push(`binary for ${state.session_id}`);
          return "/fake/codex";
        },
      }),
    );
    expect(result.state.status).toBe("completed");
    expect(order).toEqual([`confirm planned, lock held: true`, `binary for ${id}`]);
    expect(counting.loads).toHaveLength(1);
  });

  it("runs nothing and writes nothing when the confirmation is declined", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    const before = readFileSync(store.files(id).state, "utf8");
    const { run, calls } = fakeRunner();
    const lookups: string[] = [];
    const result = await runSession(
      id,
      runDependencies(store, {
        run,
        confirm: async () => false,
        codexBin: async () => {
          lookups.push("binary");
          return "/fake/codex";
        },
      }),
    );
    expect(result).toMatchObject({ exitCode: 0, ran: "declined", state: { status: "planned" } });
    expect(calls).toEqual([]);
    expect(lookups).toEqual([]);
    expect(readFileSync(store.files(id).state, "utf8")).toBe(before);
    expect(readdirSync(store.files(id).lock)).toEqual([]);
  });

  it("ends a completed session at once: no confirmation, no binary, nothing run", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    await runSession(id, runDependencies(store));
    const asked: string[] = [];
    const again = await runSession(
      id,
      runDependencies(store, {
        confirm: async () => {
          asked.push("confirm");
          return true;
        },
        codexBin: async () => {
          asked.push("binary");
          return "/fake/codex";
        },
      }),
    );
    expect(again).toMatchObject({ exitCode: 0, ran: "already-completed" });
    expect(asked).toEqual([]);
  });

  it("refuses an aborted session before it asks anything", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    await store.save({ ...(await store.load(id)), status: "aborted" });
    const lock = await acquireSessionLock(store.files(id).lock, lockEnvironment);
    try {
      await expect(
        startRun(id, runDependencies(store, { confirm: async () => true }), lock),
      ).rejects.toBeInstanceOf(UsageError);
    } finally {
      await lock.release();
    }
  });

  it("creates no folder for a session that does not exist", async () => {
    const { store } = await plannedSession(["quick-implementation"]);
    const missing = "codex-coord-20990101-000000-0000";
    await expect(runSession(missing, runDependencies(store))).rejects.toBeInstanceOf(NotFoundError);
    expect(existsSync(store.files(missing).dir)).toBe(false);
  });
});

describe("recoverRun", () => {
  it("records an open attempt as interrupted, claims the session and says so", async () => {
    const { store, id } = await plannedSession(["quick-implementation"]);
    const state = await store.load(id);
    const open: SessionState = {
      ...state,
      status: "running",
      owner: { pid: 3000, host: "test-host", started_at: "2026-11-21T10:00:00.000Z" },
      current_index: 0,
      command_chain: state.command_chain.map((step) =>
        step.index === 0 ? { ...step, status: "running", attempts: 1 } : step,
      ),
      execution_results: [
        {
          index: 0,
          command: "lite-plan-a",
          attempt: 1,
          status: "started",
          started_at: "2026-11-21T10:00:00.000Z",
          artifacts: [],
          codex_thread_id: "0199a213-81c0-7800-8aa1-bbab2a035a53",
        },
      ],
    };
    await store.save(open);
    const lock = await acquireSessionLock(store.files(id).lock, lockEnvironment);
    try {
      const run = createSessionRun(id, runDependencies(store), open, "/fake/codex");
      expect(await recoverRun(run, lock)).toEqual([0]);
      expect(run.state.owner?.pid).toBe(1000);
      expect(run.state.execution_results[0]?.status).toBe("interrupted");
      expect(await store.load(id)).toEqual(run.state);
      const kinds = (await store.readEvents(id)).map((event) => event.kind);
      expect(kinds.slice(-2)).toEqual(["step.interrupted", "session.started"]);
    } finally {
      await lock.release();
    }
  });
});

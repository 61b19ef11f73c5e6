import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { resume } from "../../ccw/src/coordinator/actions.js";
import type { CoordinatorEnvironment } from "../../ccw/src/coordinator/environment.js";
import type { CoordinatorPrompter, PlanDecision } from "../../ccw/src/coordinator/prompter.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { testContext } from "../helpers/cli-context.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";
import { fakeRunner, lockEnvironment, lookup, plannedSession } from "../helpers/run-fixture.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");

/** A store that counts its reads of state.json, and whether the lock was held at each. */
class CountingStore extends SessionStore {
  readonly loads: { locked: boolean }[] = [];
  override async load(id: string): Promise<SessionState> {
    this.loads.push({ locked: readdirSync(this.files(id).lock).length > 0 });
    return super.load(id);
  }
}

async function world(decision?: PlanDecision) {
  let store: CountingStore | undefined;
  const { id, workspace } = await plannedSession(["quick-implementation"], {
    store: (dir) => {
      store = new CountingStore(dir);
      return store;
    },
  });
  const counting = store as CountingStore;
  const { ctx, stdout, stderr } = testContext({ cwd: workspace, env: {}, tty: true });
  const asked: { locked: boolean }[] = [];
  const prompter: CoordinatorPrompter | undefined =
    decision === undefined
      ? undefined
      : {
          async confirmPlan() {
            asked.push({ locked: readdirSync(counting.files(id).lock).length > 0 });
            return decision;
          },
          async adjustUnits() {
            return [];
          },
          async onStepFailure() {
            return "abort";
          },
        };
  const runner = fakeRunner();
  const env: CoordinatorEnvironment = {
    ctx,
    workspace,
    store: counting,
    prompts: lookup() as unknown as CoordinatorEnvironment["prompts"],
    promptFolders: ["/pack"],
    now: () => new Date("2026-11-21T10:00:00Z"),
    randomHex: () => "beef",
    prompter,
    run: runner.run,
    probeCacheFile: undefined,
    lockEnvironment,
    setExitCode: () => undefined,
  };
  return { env, id, store: counting, asked, calls: runner.calls, stdout, stderr };
}

const OPTIONS = { json: false, fresh: false, codexBin: FAKE_CODEX };

describe("ccw coordinator resume", () => {
  it("with --yes reads state.json once, under the lock, and runs the session", async () => {
    const { env, id, store, calls, stdout } = await world();
    await resume(env, { id, last: false }, { ...OPTIONS, yes: true });
    expect(store.loads).toEqual([{ locked: true }]);
    expect(calls).toEqual(["01-lite-plan-a", "02-execute"]);
    expect(stdout.text()).toContain(`${id}: completed (2/2 steps completed)`);
  });

  it("on a terminal asks under the lock, about the state it then runs", async () => {
    const { env, id, store, asked, calls, stdout } = await world("confirm");
    await resume(env, { id, last: false }, { ...OPTIONS, yes: false });
    expect(asked).toEqual([{ locked: true }]);
    expect(store.loads).toEqual([{ locked: true }]);
    expect(stdout.text()).toContain(" · planned · 0/2 done");
    expect(calls).toHaveLength(2);
  });

  it("on a terminal runs nothing and changes nothing when cancelled", async () => {
    const { env, id, store, calls, stderr } = await world("cancel");
    const before = readFileSync(store.files(id).state, "utf8");
    await resume(env, { id, last: false }, { ...OPTIONS, yes: false });
    expect(calls).toEqual([]);
    expect(stderr.text()).toContain("Nothing was run or changed.");
    expect(readFileSync(store.files(id).state, "utf8")).toBe(before);
    expect(readdirSync(store.files(id).lock)).toEqual([]);
  });

  it("says a completed session has nothing to run", async () => {
    const { env, id, calls, stderr } = await world();
    await resume(env, { id, last: false }, { ...OPTIONS, yes: true });
    await resume(env, { id, last: false }, { ...OPTIONS, yes: true });
    expect(calls).toHaveLength(2);
    expect(stderr.text()).toContain(`${id} has already completed; nothing to run.`);
  });
});

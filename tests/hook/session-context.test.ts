import { spawnSync } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProcessProbe } from "../../ccw/src/hook/hook-outcome.js";
import { nodeHookFs } from "../../ccw/src/hook/read-status.js";
import { MAX_SESSIONS_SHOWN, sessionContext } from "../../ccw/src/hook/session-context.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { CCW_BIN } from "../helpers/codex-e2e.js";
import { plannedSession } from "../helpers/session-fixture.js";
import { tempDir } from "./fixture-workspace.js";

let workspace: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir: workspace, cleanup } = await tempDir("ccw-session-context-"));
});
afterEach(async () => cleanup());

const here: ProcessProbe = { hostname: () => "this-host", isAlive: (pid) => pid === 4242 };

async function place(id: string, overrides: Partial<SessionState>): Promise<void> {
  const dir = path.join(workspace, ".workflow", ".codex-coordinator", id);
  await mkdir(dir, { recursive: true });
  const state = plannedSession({ session_id: id, workspace, ...overrides });
  await writeFile(path.join(dir, "state.json"), JSON.stringify(state));
}

async function run(stdin: string | undefined) {
  return sessionContext({
    cwd: "/elsewhere",
    readStdin: async () => stdin,
    fs: nodeHookFs,
    processes: here,
  });
}

const input = () => JSON.stringify({ session_id: "s", source: "startup", cwd: workspace });

const steps = (first: "completed" | "running" | "failed", second = "pending" as const) =>
  plannedSession().command_chain.map((step, index) => ({
    ...step,
    status: index === 0 ? first : second,
  }));

describe("ccw hook session-context", () => {
  it("with an index of unfinished sessions, reads only the sessions it names", async () => {
    await place("codex-coord-20261121-100000-0001", { status: "planned" });
    await place("codex-coord-20261121-110000-0002", { status: "waiting" });
    await place("codex-coord-20261121-120000-0003", { status: "completed" });
    const index = path.join(workspace, ".workflow", ".codex-coordinator", ".unfinished");
    await mkdir(index);
    for (const id of ["codex-coord-20261121-100000-0001", "codex-coord-20261121-120000-0003"])
      await writeFile(path.join(index, id), "");
    const outcome = await run(input());
    expect(outcome.kind).toBe("print");
    const text = outcome.kind === "print" ? outcome.text : "";
    expect(text).toContain("1 unfinished session in this workspace");
    expect(text).toContain("codex-coord-20261121-100000-0001: planned");
    expect(text).not.toContain("0002");
  });

  it("names each unfinished session, newest first, with the command that continues it", async () => {
    await place("codex-coord-20261121-100000-0001", {
      status: "planned",
      updated_at: "2026-11-21T10:00:00Z",
    });
    await place("codex-coord-20261121-110000-0002", {
      status: "waiting",
      updated_at: "2026-11-21T11:00:00Z",
      command_chain: steps("completed"),
      current_index: 1,
    });
    await place("codex-coord-20261121-120000-0003", {
      status: "running",
      updated_at: "2026-11-21T12:00:00Z",
      command_chain: steps("running"),
      current_index: 0,
      owner: { pid: 4242, host: "this-host", started_at: "2026-11-21T12:00:00Z" },
    });
    await place("codex-coord-20261121-130000-0004", {
      status: "running",
      updated_at: "2026-11-21T13:00:00Z",
      command_chain: steps("running"),
      current_index: 0,
      owner: { pid: 999_999, host: "this-host", started_at: "2026-11-21T13:00:00Z" },
    });
    await place("codex-coord-20261121-140000-0005", {
      status: "completed",
      updated_at: "2026-11-21T14:00:00Z",
    });
    await place("codex-coord-20261121-150000-0006", {
      status: "aborted",
      updated_at: "2026-11-21T15:00:00Z",
    });
    const outcome = await run(input());
    expect(outcome).toEqual({
      kind: "print",
      text: [
        "ccw coordinator: 4 unfinished sessions in this workspace (newest first; details: ccw coordinator status <id>):",
        '- codex-coord-20261121-130000-0004: interrupted at step 1/2 lite-plan-a, its process is gone (0/2 steps done — "Add rate limiting to the login API"). Continue it: ccw coordinator resume codex-coord-20261121-130000-0004 --yes --detach',
        '- codex-coord-20261121-120000-0003: running at step 1/2 lite-plan-a (pid 4242; 0/2 steps done — "Add rate limiting to the login API"). Follow it: ccw coordinator wait codex-coord-20261121-120000-0003',
        '- codex-coord-20261121-110000-0002: waiting at step 2/2 execute (1/2 steps done — "Add rate limiting to the login API"). Continue it: ccw coordinator resume codex-coord-20261121-110000-0002 --yes --detach',
        '- codex-coord-20261121-100000-0001: planned, not started (0/2 steps done — "Add rate limiting to the login API"). Run it: ccw coordinator resume codex-coord-20261121-100000-0001 --yes --detach',
        "",
      ].join("\n"),
    });
  });

  it(`shows at most ${MAX_SESSIONS_SHOWN} and counts the rest`, async () => {
    for (let n = 0; n < MAX_SESSIONS_SHOWN + 2; n++) {
      await place(`codex-coord-20261121-10000${n}-000${n}`, {
        updated_at: `2026-11-21T10:00:0${n}Z`,
      });
    }
    const outcome = await run(input());
    const text = outcome.kind === "print" ? outcome.text : "";
    expect(text.split("\n").filter((line) => line.startsWith("- codex-coord"))).toHaveLength(
      MAX_SESSIONS_SHOWN,
    );
    expect(text).toContain("- and 2 more: ccw coordinator list\n");
  });

  it.each([
    ["no sessions folder", undefined],
    ["finished sessions only", "completed"],
  ] as const)("prints nothing with %s", async (_name, status) => {
    if (status) await place("codex-coord-20261121-100000-0001", { status });
    expect(await run(input())).toMatchObject({ kind: "silent" });
  });

  it("is silent, exit 0, for input it cannot use and for broken session files", async () => {
    const dir = path.join(workspace, ".workflow", ".codex-coordinator", "codex-coord-broken");
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "state.json"), "{ not json");
    for (const stdin of ["", "not json", "[]", JSON.stringify({ cwd: 42 }), input()]) {
      expect(await run(stdin)).toMatchObject({ kind: "silent" });
    }
  });

  it("runs from the fast path of the built ccw, reading the hook JSON on stdin", async () => {
    await place("codex-coord-20261121-100000-0001", {});
    const result = spawnSync(process.execPath, [CCW_BIN, "hook", "session-context"], {
      input: input(),
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("codex-coord-20261121-100000-0001: planned, not started");
    const nothing = spawnSync(process.execPath, [CCW_BIN, "hook", "session-context"], {
      input: JSON.stringify({ cwd: path.join(workspace, "missing") }),
      encoding: "utf8",
    });
    expect(nothing).toMatchObject({ status: 0, stdout: "", stderr: "" });
  });
});

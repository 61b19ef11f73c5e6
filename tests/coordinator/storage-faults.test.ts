import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runSession } from "../../ccw/src/coordinator/execute.js";
import { type PlannablePrompt, planSession } from "../../ccw/src/coordinator/plan.js";
import { type FileWriter, SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { StorageError } from "../../ccw/src/errors.js";
import { writeFileAtomically } from "../../ccw/src/lib/fs/atomic-file.js";
import type { CodexRunOptions, CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { runCli } from "../helpers/cli-context.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";
import { codexOutcome } from "../helpers/codex-outcome.js";
import { readState, sessionIdIn } from "../helpers/coordinator-e2e.js";

const body = "Do $TASK into $ARTIFACT_DIR\n";
const prompts: PlannablePrompt[] = ["lite-plan-a", "execute"].map((name) => ({
  name,
  category: "planning",
  path: `/p/${name}.md`,
  body,
  placeholders: listPlaceholders(body),
}));
const lookup = {
  get: async (name: string) => prompts.find((p) => p.name === name),
  list: async () => ({ prompts }),
};

/** A Codex run that reports its pid and thread as a real one does, then completes. */
const completed = async (options: CodexRunOptions): Promise<CodexRunOutcome> => {
  options.onSpawn?.(4242);
  options.onThreadStarted?.("thread-1");
  return codexOutcome();
};

/**
 * A writer that fails with ENOSPC on its `failAt`-th write and works otherwise, and remembers
 * the last state.json it wrote successfully.
 */
function faultyWriter(failAt: number, stateFile: string, initial: string) {
  let writes = 0;
  const writer = {
    lastGoodState: initial,
    write: (async (file, text, options) => {
      writes++;
      if (writes === failAt)
        throw new StorageError(`cannot write ${file}: ENOSPC: no space left on device`);
      await writeFileAtomically(file, text, options);
      if (file === stateFile) writer.lastGoodState = text;
    }) satisfies FileWriter,
    count: () => writes,
  };
  return writer;
}

async function plannedStore() {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "ccw-faults-"));
  const store = new SessionStore(workspace);
  const plan = await planSession(
    {
      intent: "Add a feature",
      workspace,
      sessionId: "codex-coord-20261121-100000-0f0f",
      now: "2026-11-21T10:00:00.000Z",
      chain: ["quick-implementation"],
      maxRetries: 0,
      timeoutMs: 60_000,
      allowPartial: false,
      promptFolders: [],
    },
    lookup,
  );
  await store.create(plan.state);
  return { workspace, id: plan.state.session_id };
}

const deps = (store: SessionStore) => ({
  store,
  prompts: lookup,
  run: completed,
  codexBin: "/fake/codex",
  env: {},
  signal: new AbortController().signal,
});

describe("a failing write", () => {
  // A clean run of this two-step chain writes 14 files: state.json at every transition (claim;
  // per step: started with its pid, its thread, its outcome; release) and status.json whenever
  // what it shows changes (all of those but the thread notes).
  const WRITES = 14;

  it("counts the writes of a clean run", async () => {
    const { workspace, id } = await plannedStore();
    const stateFile = path.join(workspace, ".workflow", ".codex-coordinator", id, "state.json");
    const writer = faultyWriter(0, stateFile, readFileSync(stateFile, "utf8"));
    await runSession(id, deps(new SessionStore(workspace, () => new Date(), writer.write)));
    expect(writer.count()).toBe(WRITES);
  });

  it.each(Array.from({ length: WRITES }, (_, i) => i + 1))(
    "at write %i stops the run with a StorageError, keeps the last good state, and resume completes",
    async (failAt) => {
      const { workspace, id } = await plannedStore();
      const stateFile = path.join(workspace, ".workflow", ".codex-coordinator", id, "state.json");
      const writer = faultyWriter(failAt, stateFile, readFileSync(stateFile, "utf8"));
      const failing = runSession(
        id,
        deps(new SessionStore(workspace, () => new Date(), writer.write)),
      );
      await expect(failing).rejects.toBeInstanceOf(StorageError);
      await expect(failing).rejects.toThrow("ENOSPC");
      // On disk is the last whole state that was written, never a part of the failed one; the
      // failure is recorded there when the disk takes that write: never `running` with no owner.
      expect(readFileSync(stateFile, "utf8")).toBe(writer.lastGoodState);
      const left = readState(workspace, id);
      if (failAt > 1) {
        expect(left.status).toBe("failed");
        expect(left.owner).toBeNull();
        expect(left.execution_results.some((record) => record.status === "started")).toBe(false);
      }

      const resumed = await runSession(id, deps(new SessionStore(workspace)));
      expect(resumed.state.status).toBe("completed");
      expect(resumed.state.command_chain.map((step) => step.status)).toEqual([
        "completed",
        "completed",
      ]);
    },
  );
});

/** A scratch project with the prompt pack and the cleanup chain planned in it (fake Codex). */
async function plannedCleanup(prefix: string) {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  const workspace = path.join(root, "project");
  mkdirSync(workspace);
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(root, "codex-home", "prompts"), {
    recursive: true,
  });
  const env = {
    CODEX_HOME: path.join(root, "codex-home"),
    XDG_CACHE_HOME: path.join(root, "cache"),
    PATH: process.env.PATH ?? "",
  };
  const fake = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
  const planned = await runCli(
    ["coordinator", "codex", "Clean up", "--chain", "cleanup", "--plan-only"],
    { cwd: workspace, env, homedir: root },
  );
  return { root, workspace, env, fake, id: sessionIdIn(planned.stderr) };
}

describe("a run that exits on an I/O error records it (never `running` with a dead owner)", () => {
  it.each([
    ["the steps folder replaced by a file (ENOTDIR)", "steps", "ENOTDIR"],
    ["status.json replaced by a folder", "status.json", "status.json"],
  ])("%s: exit 74, the session failed and released", async (_about, name, message) => {
    const { root, workspace, env, fake, id } = await plannedCleanup("ccw-io-exit-");
    const target = path.join(workspace, ".workflow", ".codex-coordinator", id, name);
    rmSync(target, { recursive: true, force: true });
    if (name === "steps") writeFileSync(target, "not a folder\n");
    else mkdirSync(target);
    const run = await runCli(["coordinator", "resume", id, "--yes", "--codex-bin", fake], {
      cwd: workspace,
      env,
      homedir: root,
    });
    expect(run.code, run.stderr).toBe(74);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const state = readState(workspace, id);
    expect(state.status).toBe("failed");
    expect(state.owner).toBeNull();
    expect(state.execution_results.some((record) => record.status === "started")).toBe(false);
  });
});

function canMountReadOnly(): boolean {
  if (os.platform() !== "linux" || process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(path.join(os.tmpdir(), "ccw-mount-probe-"));
  try {
    execFileSync("mount", ["--bind", probe, probe], { stdio: "ignore" });
    execFileSync("umount", [probe], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("a read-only workspace", () => {
  // Root ignores permission bits: a read-only bind mount is the real thing. Elsewhere the
  // injected failures above cover the same code paths.
  it.skipIf(!canMountReadOnly())(
    "refuses clearly, keeps the state, and resumes once writable again",
    async () => {
      const { root, workspace, env, fake, id } = await plannedCleanup("ccw-ro-");
      const stateFile = path.join(workspace, ".workflow", ".codex-coordinator", id, "state.json");
      const before = readFileSync(stateFile, "utf8");

      execFileSync("mount", ["--bind", workspace, workspace]);
      try {
        execFileSync("mount", ["-o", "remount,ro,bind", workspace]);
        const refused = await runCli(["coordinator", "resume", id, "--yes", "--codex-bin", fake], {
          cwd: workspace,
          env,
          homedir: root,
        });
        expect(refused.code).toBe(74);
        expect(refused.stderr).toMatch(
          /ccw: error: cannot (write|create|take).*EROFS: read-only file system/,
        );
        expect(refused.stderr).not.toMatch(/\n\s+at /);
        const plannedHere = await runCli(["coordinator", "codex", "Add a thing", "--plan-only"], {
          cwd: workspace,
          env,
          homedir: root,
        });
        expect(plannedHere.code).toBe(74);
        expect(plannedHere.stderr).toContain("EROFS");
      } finally {
        execFileSync("umount", [workspace]);
      }
      expect(readFileSync(stateFile, "utf8")).toBe(before);
      const resumed = await runCli(["coordinator", "resume", id, "--yes", "--codex-bin", fake], {
        cwd: workspace,
        env,
        homedir: root,
      });
      expect(resumed.code).toBe(0);
      expect(readState(workspace, id).status).toBe("completed");
    },
  );
});

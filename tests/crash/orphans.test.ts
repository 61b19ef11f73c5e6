/**
 * No orphans (issue 20): whatever happens to ccw while Codex runs (SIGKILL, a closed terminal,
 * an abort from another shell after the runner was killed), 5 s later no process of the run is
 * alive. The fake Codex here ignores SIGTERM and keeps a helper that ignores it too, the worst
 * case. Processes of a run are found by a marker in their environment (/proc, Linux).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseState } from "../../ccw/src/coordinator/session-store.js";
import { CCW_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";
import { aliveAfter, processesWithEnv, waitFor } from "../helpers/run-processes.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
const linux = process.platform === "linux";

let root: string;
let workspace: string;
let marker: string;
let env: Record<string, string>;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "ccw-orphans-"));
  workspace = path.join(root, "ws");
  mkdirSync(workspace);
  const codexHome = path.join(root, "codex-home");
  cpSync(
    path.join(REPO_ROOT, "tests", "corpus", "fixtures", "prompts"),
    path.join(codexHome, "prompts"),
    {
      recursive: true,
    },
  );
  marker = path.basename(root);
  env = {
    PATH: process.env.PATH ?? "",
    HOME: root,
    CODEX_HOME: codexHome,
    XDG_CACHE_HOME: path.join(root, "cache"),
    NO_COLOR: "1",
    CCW_ORPHAN_MARK: marker,
    FAKE_CODEX_SCENARIO: "hang",
    FAKE_CODEX_RECORD: path.join(root, "codex-record.json"),
  };
});

afterEach(() => {
  for (const pid of processesWithEnv("CCW_ORPHAN_MARK", marker)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

function ccw(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [CCW_BIN, ...args], {
    cwd: workspace,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{
    code: number | null;
    signal: string | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const codexStarted = () =>
  waitFor(() => existsSync(env.FAKE_CODEX_RECORD as string), 20_000, "Codex to start");

/** Plans the one-step chain (with `options`, such as a stall limit) and returns its session. */
async function planned(options: string[] = []): Promise<{ id: string; stateFile: string }> {
  const plan = ccw([
    "coordinator",
    "codex",
    "do it",
    "--chain",
    "plan-it",
    "--plan-only",
    "--json",
    ...options,
    "--codex-bin",
    FAKE_CODEX,
  ]);
  const result = await plan.done;
  expect(result.code, result.stderr).toBe(0);
  const id = parseState(result.stdout, "plan").session_id;
  return {
    id,
    stateFile: path.join(workspace, ".workflow", ".codex-coordinator", id, "state.json"),
  };
}

describe.runIf(linux)("no process of a run outlives its coordinator", () => {
  it("ccw cli killed with SIGKILL while Codex hangs: 0 processes alive 5 s later", async () => {
    const run = ccw(["cli", "-p", "hello", "--codex-bin", FAKE_CODEX]);
    await codexStarted();
    expect(processesWithEnv("CCW_ORPHAN_MARK", marker).length).toBeGreaterThanOrEqual(3);
    run.child.kill("SIGKILL");
    await run.done;
    expect(await aliveAfter("CCW_ORPHAN_MARK", marker, 5000)).toEqual([]);
  }, 40_000);

  it("coordinator resume killed with SIGKILL mid-step: 0 processes alive 5 s later, the next resume recovers", async () => {
    const { id, stateFile } = await planned();
    const run = ccw(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX]);
    await codexStarted();
    run.child.kill("SIGKILL");
    await run.done;
    expect(await aliveAfter("CCW_ORPHAN_MARK", marker, 5000)).toEqual([]);
    expect(parseState(readFileSync(stateFile, "utf8"), stateFile, id).status).toBe("running");
  }, 40_000);

  it("SIGHUP (a closed terminal) stops the run like Ctrl-C: exit 130, the session waiting, 0 processes alive", async () => {
    const { id, stateFile } = await planned();
    const run = ccw(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX]);
    await codexStarted();
    run.child.kill("SIGHUP");
    const result = await run.done;
    expect(result.code, result.stderr).toBe(130);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const state = parseState(readFileSync(stateFile, "utf8"), stateFile, id);
    expect(state.status).toBe("waiting");
    expect(state.owner ?? null).toBeNull();
    expect(state.execution_results.at(-1)?.status).toBe("interrupted");
    expect(await aliveAfter("CCW_ORPHAN_MARK", marker, 5000)).toEqual([]);
  }, 60_000);

  it("abort after the runner was SIGKILLed stops the recorded process group before it answers", async () => {
    const { id, stateFile } = await planned();
    // The guard stops Codex by itself about a second after ccw died; abort runs at once
    // and must have stopped the group itself by the time it answers.
    const run = ccw(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX]);
    await codexStarted();
    // Killed once the attempt's pid is on disk: that is the group abort is to stop.
    await waitFor(
      () =>
        parseState(readFileSync(stateFile, "utf8"), stateFile, id).execution_results.some(
          (record) => record.status === "started" && record.pid !== undefined,
        ),
      20_000,
      "the attempt's pid in state.json",
    );
    run.child.kill("SIGKILL");
    await run.done;
    const aborted = ccw(["coordinator", "abort", id]);
    const result = await aborted.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`${id}: aborted`);
    expect(processesWithEnv("CCW_ORPHAN_MARK", marker)).toEqual([]);
    const state = parseState(readFileSync(stateFile, "utf8"), stateFile, id);
    expect(state.status).toBe("aborted");
    expect(state.execution_results.some((record) => record.status === "started")).toBe(false);
  }, 60_000);

  it("abort from another shell: the aborted run says so and by whom (pid), and exits 5", async () => {
    const { id, stateFile } = await planned();
    env.FAKE_CODEX_SCENARIO = "hang-polite";
    const run = ccw(["coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX]);
    await codexStarted();
    const aborted = ccw(["coordinator", "abort", id]);
    const abortPid = aborted.child.pid;
    const [result, abortResult] = await Promise.all([run.done, aborted.done]);
    expect(abortResult.code, abortResult.stderr).toBe(0);
    expect(result.code, result.stderr).toBe(5);
    expect(result.stderr).toContain(`${id} was aborted by pid ${abortPid} (ccw coordinator abort)`);
    expect(result.stderr).not.toContain("continue it");
    expect(result.stdout).toContain(`${id}: aborted`);
    const state = parseState(readFileSync(stateFile, "utf8"), stateFile, id);
    expect(state.status).toBe("aborted");
    expect(existsSync(path.join(path.dirname(stateFile), "abort-request.json"))).toBe(false);
    expect(await aliveAfter("CCW_ORPHAN_MARK", marker, 5000)).toEqual([]);
  }, 60_000);

  it("a step with no progress (no network) stops at the stall limit, saying why", async () => {
    env.FAKE_CODEX_SCENARIO = "reconnecting";
    const { id } = await planned(["--max-retries", "0", "--stall-limit", "2s"]);
    const run = ccw(["coordinator", "resume", id, "--yes"]);
    const result = await run.done;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain("codex: Reconnecting... 1/5");
    expect(result.stderr).toContain("timed out after");
    expect(result.stderr).toContain("stalled: Codex made no progress for 2s");
    expect(result.stderr).not.toContain("timed_out");
    expect(await aliveAfter("CCW_ORPHAN_MARK", marker, 5000)).toEqual([]);
  }, 60_000);
});

import { cpSync, existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { planAndRun, status } from "../../ccw/src/coordinator/actions.js";
import type { CoordinatorEnvironment } from "../../ccw/src/coordinator/environment.js";
import type { CoordinatorPrompter, PlanDecision } from "../../ccw/src/coordinator/prompter.js";
import { acquireSessionLock } from "../../ccw/src/coordinator/session-lock.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import type { CodexRunOptions, CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { CodexPromptRegistry } from "../../ccw/src/tools/codex-prompt-registry.js";
import { testContext } from "../helpers/cli-context.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";
import { codexOutcome } from "../helpers/codex-outcome.js";
import { writeDeclaredArtifacts } from "../helpers/contract-artifacts.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "fake-codex.mjs");

function scriptedPrompter(
  decisions: PlanDecision[],
  keep: string[] = [],
): CoordinatorPrompter & { asked: number } {
  const prompter = {
    asked: 0,
    async confirmPlan() {
      prompter.asked++;
      const next = decisions.shift();
      if (!next) throw new Error("asked once too often");
      return next;
    },
    async adjustUnits() {
      return keep;
    },
    async onStepFailure() {
      return "abort" as const;
    },
  };
  return prompter;
}

function environment(prompter: CoordinatorPrompter) {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-actions-"));
  const workspace = path.join(root, "project");
  mkdirSync(workspace);
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(workspace, ".codex", "prompts"), {
    recursive: true,
  });
  const { ctx, stdout, stderr } = testContext({
    cwd: workspace,
    env: { PATH: process.env.PATH ?? "" },
    tty: true,
  });
  const registry = new CodexPromptRegistry({ workspace, codexHome: path.join(root, "codex-home") });
  const runs: string[] = [];
  let exitCode = 0;
  const env: CoordinatorEnvironment = {
    ctx,
    workspace,
    store: new SessionStore(workspace),
    prompts: registry,
    promptFolders: [registry.projectDir, registry.userDir],
    now: () => new Date("2026-11-21T10:00:00Z"),
    randomHex: () => "beef",
    prompter,
    run: async (options: CodexRunOptions): Promise<CodexRunOutcome> => {
      runs.push(path.basename(path.dirname(options.stderrLogPath ?? "")));
      writeDeclaredArtifacts(options.prompt);
      return codexOutcome();
    },
    probeCacheFile: path.join(root, "probe.json"),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const options = {
    yes: false,
    planOnly: false,
    verbose: false,
    json: false,
    maxRetries: 1,
    timeoutMs: 60_000,
    allowPartial: false,
    codexBin: FAKE_CODEX,
  };
  return {
    env,
    options,
    runs,
    stdout,
    stderr,
    exitCode: () => exitCode,
    sessionDir: path.join(
      workspace,
      ".workflow",
      ".codex-coordinator",
      "codex-coord-20261121-100000-beef",
    ),
  };
}

describe("confirming a plan on a terminal", () => {
  it("runs the plan once confirmed", async () => {
    const world = environment(scriptedPrompter(["confirm"]));
    await planAndRun(world.env, "Add a dark mode toggle", world.options);
    expect(world.runs).toEqual(["01-lite-plan-a", "02-execute"]);
    expect(world.exitCode()).toBe(0);
    expect(world.stdout.text()).toContain(
      "codex-coord-20261121-100000-beef: completed (2/2 steps completed)",
    );
  });

  it("shows the rationale on Show details, then asks again", async () => {
    const prompter = scriptedPrompter(["details", "confirm"]);
    const world = environment(prompter);
    await planAndRun(world.env, "Add a dark mode toggle", world.options);
    expect(prompter.asked).toBe(2);
    expect(world.stdout.text()).toContain("Why this chain");
    expect(world.stdout.text()).toContain("Alternatives");
  });

  it("adjusts by whole units: keeps and reorders the chosen units", async () => {
    const world = environment(
      scriptedPrompter(["adjust", "confirm"], ["cleanup", "quick-implementation"]),
    );
    await planAndRun(world.env, "Add a dark mode toggle", {
      ...world.options,
      chain: ["quick-implementation", "cleanup"],
    });
    expect(world.runs).toEqual(["01-clean", "02-lite-plan-a", "03-execute"]);
  });

  it("saves and runs nothing when cancelled", async () => {
    const world = environment(scriptedPrompter(["cancel"]));
    await planAndRun(world.env, "Add a dark mode toggle", world.options);
    expect(world.runs).toEqual([]);
    expect(existsSync(world.sessionDir)).toBe(false);
    expect(world.stderr.text()).toContain("Cancelled: nothing was saved or run.");
  });

  it("asks nothing with --yes", async () => {
    const prompter = scriptedPrompter([]);
    const world = environment(prompter);
    await planAndRun(world.env, "Add a dark mode toggle", { ...world.options, yes: true });
    expect(prompter.asked).toBe(0);
    expect(world.runs).toHaveLength(2);
  });
});

describe("status --watch", () => {
  it("redraws while a live process runs the session and stops when it ends", async () => {
    const world = environment(scriptedPrompter([]));
    const alive = new Set([999]);
    const lockEnvironment = {
      pid: 999,
      host: "h",
      now: () => new Date(),
      isAlive: (pid: number) => alive.has(pid),
      procStart: () => undefined,
      terminate: () => undefined,
    };
    const env = { ...world.env, lockEnvironment };
    await planAndRun(env, "Add a dark mode toggle", { ...world.options, planOnly: true });
    const id = "codex-coord-20261121-100000-beef";
    await acquireSessionLock(env.store.files(id).lock, lockEnvironment);
    const planned = await env.store.load(id);
    await env.store.save({
      ...planned,
      status: "running",
      owner: { pid: 999, host: "h", started_at: planned.created_at },
    });

    setTimeout(() => {
      void env.store
        .load(id)
        .then((state) => env.store.save({ ...state, status: "waiting", owner: null }));
    }, 150);
    await status(env, { id, last: false }, { json: true, watch: true, pollMs: 20 });
    const lines = world.stdout.text().trim().split("\n").slice(-2);
    expect(lines.map((line) => JSON.parse(line).status)).toEqual(["running", "waiting"]);
  });
});

import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type PlannablePrompt, planSession } from "../../ccw/src/coordinator/plan.js";
import type { RunDependencies } from "../../ccw/src/coordinator/session-run.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import type { CodexRunOptions, CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { codexOutcome } from "./codex-outcome.js";

/** Sessions of a run's parts: a small prompt pack, a fake runner and a test lock environment. */

export function packPrompt(name: string): PlannablePrompt {
  const body = "Task: $TASK\nWrite to $ARTIFACT_DIR\n";
  return {
    name,
    category: "planning",
    path: `/pack/${name}.md`,
    body,
    placeholders: listPlaceholders(body),
  };
}

export const PACK = ["lite-plan-a", "execute", "lite-fix"].map(packPrompt);

export function lookup(prompts: readonly PlannablePrompt[] = PACK) {
  return {
    get: async (name: string) => prompts.find((candidate) => candidate.name === name),
    list: async () => ({ prompts: [...prompts] }),
  };
}

export const ALIVE = new Set([1000]);

export const lockEnvironment = {
  pid: 1000,
  host: "test-host",
  now: () => new Date("2026-11-21T10:00:00Z"),
  isAlive: (pid: number) => ALIVE.has(pid),
  procStart: () => undefined,
  terminate: () => undefined,
};

/** A store of a fresh workspace holding one planned session of `chain`. */
export async function plannedSession(
  chain: string[],
  options: { maxRetries?: number; store?: (workspace: string) => SessionStore } = {},
): Promise<{ store: SessionStore; id: string; workspace: string }> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "ccw-run-"));
  const store = options.store?.(workspace) ?? new SessionStore(workspace);
  const plan = await planSession(
    {
      intent: "Fix the flaky test",
      workspace,
      sessionId: "codex-coord-20261121-100000-abcd",
      now: "2026-11-21T10:00:00.000Z",
      chain,
      maxRetries: options.maxRetries ?? 1,
      timeoutMs: 60_000,
      allowPartial: false,
      promptFolders: ["/pack"],
    },
    lookup(),
  );
  await store.create(plan.state);
  return { store, id: plan.state.session_id, workspace };
}

/** A runner that answers every call with `outcome`, and records the calls' step folders. */
export function fakeRunner(outcome: Partial<CodexRunOutcome> = {}) {
  const calls: string[] = [];
  const run = async (options: CodexRunOptions): Promise<CodexRunOutcome> => {
    calls.push(path.basename(path.dirname(options.stderrLogPath ?? "")));
    options.onSpawn?.(4242);
    options.onThreadStarted?.("thread-1");
    return codexOutcome({ pid: 4242, threadId: "thread-1", ...outcome });
  };
  return { run, calls };
}

export function runDependencies(
  store: SessionStore,
  extra: Partial<RunDependencies> = {},
): RunDependencies {
  return {
    store,
    prompts: lookup(),
    run: fakeRunner().run,
    codexBin: "/fake/codex",
    env: {},
    signal: new AbortController().signal,
    lockEnvironment,
    ...extra,
  };
}

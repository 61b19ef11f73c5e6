import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type RunDependencies, runSession } from "../../ccw/src/coordinator/execute.js";
import { type PlannablePrompt, planSession } from "../../ccw/src/coordinator/plan.js";
import { SessionStore } from "../../ccw/src/coordinator/session-store.js";
import { renderStatus } from "../../ccw/src/coordinator/session-view.js";
import { ARTIFACT_SAMPLES } from "../../ccw/src/dev/model-server/artifact-samples.js";
import { formatStatuslineText, summarizeStatus } from "../../ccw/src/hook/status-summary.js";
import { createStyler } from "../../ccw/src/output.js";
import type { CodexRunOptions, CodexRunOutcome } from "../../ccw/src/tools/codex/codex-runner.js";
import { listPlaceholders } from "../../ccw/src/tools/registry/prompt-expansion.js";
import { parseWritesSection } from "../../ccw/src/tools/registry/prompt-writes.js";
import { codexOutcome } from "../helpers/codex-outcome.js";

function prompt(name: string, writes: string[]): PlannablePrompt {
  const body = `Task: $TASK\nWrite to $ARTIFACT_DIR\n\n## Writes\n\n${writes.join("\n")}\n`;
  const parsed = parseWritesSection(body);
  if (!parsed.ok || !parsed.contract) throw new Error("bad fixture");
  return {
    name,
    category: "planning",
    path: `/pack/${name}.md`,
    body,
    placeholders: listPlaceholders(body),
    contract: parsed.contract,
  };
}

const PACK = [
  prompt("lite-plan-a", [
    "- `$ARTIFACT_DIR/plan.json` — on success. The plan, shape `ccw-plan/1`.",
    "- `$ARTIFACT_DIR/error.json` — when blocked. Why, shape `ccw-error/1`.",
  ]),
  prompt("execute", ["- `$ARTIFACT_DIR/summary.md` — on success. What happened."]),
];
const lookup = {
  get: async (name: string) => PACK.find((candidate) => candidate.name === name),
  list: async () => ({ prompts: PACK }),
};

const PLAN = JSON.stringify(ARTIFACT_SAMPLES["ccw-plan/1"]);

interface Call {
  step: string;
  repair: boolean;
  resume?: string;
  prompt: string;
}

/** A fake Codex: `act` writes files into the step's artifacts folder. */
function fakeRunner(
  act: (call: Call & { artifacts: string; options: CodexRunOptions }) => unknown,
) {
  const calls: Call[] = [];
  let turn = 0;
  const run = async (options: CodexRunOptions): Promise<CodexRunOutcome> => {
    const stepDir = path.dirname(options.stderrLogPath ?? "");
    const step = /\d\d-([a-z-]+)$/.exec(stepDir)?.[1] ?? "?";
    const resume = options.request.resume;
    const call: Call = {
      step,
      repair: String(options.prompt).startsWith("ccw repair turn"),
      prompt: String(options.prompt),
      ...(resume && "threadId" in resume ? { resume: resume.threadId } : {}),
    };
    calls.push(call);
    turn += 1;
    const thread = call.resume ?? `thread-${step}-${turn}`;
    options.onSpawn?.(4242);
    options.onThreadStarted?.(thread);
    const artifacts = path.join(stepDir, "artifacts");
    mkdirSync(artifacts, { recursive: true });
    // Every turn completes, except one that `act` ends as "aborted" (an interruption).
    const status: CodexRunOutcome["status"] =
      act({ ...call, artifacts, options }) === "aborted" ? "aborted" : "completed";
    return codexOutcome({
      status,
      exitCode: status === "completed" ? 0 : null,
      pid: 4242,
      threadId: thread,
      turnCompleted: status === "completed",
      ...(status === "completed"
        ? { lastMessage: "STATUS: ok" }
        : { lastMessage: undefined, error: "stopped" }),
    });
  };
  return { run, calls };
}

async function planned(
  options: { maxRetries?: number; maxRepairs?: number; verify?: string[] } = {},
) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "ccw-verified-"));
  const store = new SessionStore(workspace);
  const plan = await planSession(
    {
      intent: "Add a greet function",
      workspace,
      sessionId: "codex-coord-20261121-100000-abcd",
      now: "2026-11-21T10:00:00.000Z",
      chain: ["quick-implementation"],
      maxRetries: options.maxRetries ?? 0,
      ...(options.maxRepairs === undefined ? {} : { maxRepairs: options.maxRepairs }),
      ...(options.verify === undefined ? {} : { verify: options.verify }),
      timeoutMs: 60_000,
      allowPartial: false,
      promptFolders: ["/pack"],
    },
    lookup,
  );
  await store.create(plan.state);
  return { store, workspace, id: plan.state.session_id };
}

const lockEnvironment = {
  pid: 1000,
  host: "test-host",
  now: () => new Date("2026-11-21T10:00:00Z"),
  isAlive: (pid: number) => pid === 1000,
  procStart: () => undefined,
  terminate: () => undefined,
};

function deps(
  store: SessionStore,
  run: RunDependencies["run"],
  signal = new AbortController().signal,
): RunDependencies {
  return {
    store,
    prompts: lookup,
    run,
    codexBin: "/fake/codex",
    env: { PATH: process.env.PATH ?? "" },
    signal,
    lockEnvironment,
  };
}

const writeGood = (step: string, artifacts: string) => {
  if (step === "lite-plan-a") writeFileSync(path.join(artifacts, "plan.json"), PLAN);
  else writeFileSync(path.join(artifacts, "summary.md"), "# Done\n");
};

describe("verified steps in runSession", () => {
  it("a passing contract adds no Codex turn", async () => {
    const { store, id } = await planned();
    const fake = fakeRunner(({ step, artifacts }) => writeGood(step, artifacts));
    const result = await runSession(id, deps(store, fake.run));
    expect(result.exitCode).toBe(0);
    expect(fake.calls.map((call) => call.step)).toEqual(["lite-plan-a", "execute"]);
    expect(
      result.state.execution_results.map((r) => r.checks?.map((c) => [c.kind, c.outcome])),
    ).toEqual([[["contract", "passed"]], [["contract", "passed"]]]);
  });

  it("a blocked step is recorded with the model's reason, is not retried, and stops the chain", async () => {
    const { store, id } = await planned({ maxRetries: 2 });
    const fake = fakeRunner(({ artifacts }) => {
      writeFileSync(
        path.join(artifacts, "error.json"),
        JSON.stringify(ARTIFACT_SAMPLES["ccw-error/1"]),
      );
    });
    const result = await runSession(id, deps(store, fake.run));
    expect(result.exitCode).toBe(1);
    expect(fake.calls).toHaveLength(1);
    const record = result.state.execution_results[0];
    expect(record).toMatchObject({
      status: "failed",
      blocked: {
        file: "error.json",
        reason: "input-invalid: The task names a file that does not exist.",
      },
      error: "blocked: input-invalid: The task names a file that does not exist. (error.json)",
    });
    expect(result.state.command_chain.map((step) => step.status)).toEqual(["failed", "pending"]);
    const view = renderStatus(result.state, {
      ownerAlive: false,
      style: createStyler({ isTTY: false }, {}),
      workspace: result.state.workspace,
    });
    expect(view).toContain("blocked (error.json)");
    expect(view).toContain(
      "next: step 1 lite-plan-a was blocked: input-invalid: The task names a file that does not exist.; resolve that, then retry: ccw coordinator resume codex-coord-20261121-100000-abcd --yes",
    );
  });

  it("shows `repairing 1/1` in status.json and the hook's status line while a repair turn runs", async () => {
    const { store, workspace, id } = await planned();
    let seen: { line: string; view: string } | undefined;
    const fake = fakeRunner(({ step, repair, artifacts }) => {
      if (step !== "lite-plan-a") return writeGood(step, artifacts);
      if (!repair) return;
      const dir = path.join(workspace, ".workflow", ".codex-coordinator", id);
      const status = JSON.parse(readFileSync(path.join(dir, "status.json"), "utf8"));
      const state = JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8"));
      seen = {
        line: formatStatuslineText(summarizeStatus(status)),
        view: renderStatus(state, {
          ownerAlive: true,
          style: createStyler({ isTTY: false }, {}),
          workspace,
        }),
      };
      writeGood(step, artifacts);
    });
    const result = await runSession(id, deps(store, fake.run));
    expect(result.exitCode).toBe(0);
    expect(seen?.line).toBe(`CCW ${id}: running 0/2 lite-plan-a (repairing 1/1) → execute`);
    expect(seen?.view).toContain("repairing 1/1");
    // Afterwards status.json no longer shows it.
    const status = JSON.parse(
      readFileSync(
        path.join(workspace, ".workflow", ".codex-coordinator", id, "status.json"),
        "utf8",
      ),
    );
    expect(status.repairing).toBeUndefined();
  });

  it("continues a repair turn that was interrupted, on its thread, without a second repair", async () => {
    const { store, workspace, id } = await planned();
    const controller = new AbortController();
    const first = fakeRunner(({ repair }) => {
      if (!repair) return; // writes nothing
      controller.abort();
      return "aborted";
    });
    const stopped = await runSession(id, deps(store, first.run, controller.signal));
    expect(stopped.exitCode).toBe(130);
    const interrupted = stopped.state.execution_results[0];
    expect(interrupted?.status).toBe("interrupted");
    expect(interrupted?.repairs?.map((r) => [r.turn, r.status])).toEqual([[1, "interrupted"]]);

    const second = fakeRunner(({ step, artifacts }) => writeGood(step, artifacts));
    const resumed = await runSession(id, deps(store, second.run));
    expect(resumed.exitCode).toBe(0);
    const [continued] = second.calls;
    expect(continued?.resume).toBe(interrupted?.codex_thread_id);
    expect(continued?.prompt).toContain(
      path.join(
        workspace,
        ".workflow",
        ".codex-coordinator",
        id,
        "steps",
        "01-lite-plan-a",
        "repair-1.md",
      ),
    );
    expect(second.calls.filter((call) => call.repair)).toEqual([]);
  });

  it("does not repair again after a continued repair turn left the contract broken", async () => {
    const { store, id } = await planned();
    const controller = new AbortController();
    const first = fakeRunner(({ repair }) => {
      if (!repair) return;
      controller.abort();
      return "aborted";
    });
    await runSession(id, deps(store, first.run, controller.signal));
    const second = fakeRunner(() => undefined);
    const resumed = await runSession(id, deps(store, second.run));
    expect(resumed.exitCode).toBe(1);
    expect(second.calls).toHaveLength(1);
    expect(resumed.state.execution_results.at(-1)?.error).toMatch(
      /^the step broke its contract after 1 repair turn/,
    );
  });

  it("runs --verify only after the last step of the unit, and a failure gets a repair turn naming it", async () => {
    const { store, id, workspace } = await planned({ verify: ["test -f verified.txt"] });
    const fake = fakeRunner(({ step, repair, artifacts }) => {
      writeGood(step, artifacts);
      if (repair) writeFileSync(path.join(workspace, "verified.txt"), "ok\n");
    });
    const result = await runSession(id, deps(store, fake.run));
    expect(result.exitCode).toBe(0);
    expect(fake.calls.map((call) => [call.step, call.repair])).toEqual([
      ["lite-plan-a", false],
      ["execute", false],
      ["execute", true],
    ]);
    expect(fake.calls[2]?.prompt).toContain(
      "The check `test -f verified.txt` (run by ccw in the workspace after this step) failed: exit code 1.",
    );
    const execute = result.state.execution_results[1];
    expect(execute?.checks?.map((c) => [c.kind, c.turn, c.outcome])).toEqual([
      ["contract", 0, "passed"],
      ["verify", 0, "failed"],
      ["contract", 1, "passed"],
      ["verify", 1, "passed"],
    ]);
    expect(existsSync(execute?.checks?.[1]?.log_path ?? "")).toBe(true);
    const events = (await store.readEvents(id)).map((event) => event.kind);
    expect(
      events.filter(
        (kind) => kind.startsWith("step.") && !["step.started", "step.thread"].includes(kind),
      ),
    ).toEqual([
      "step.contract",
      "step.completed",
      "step.contract",
      "step.verify",
      "step.repair",
      "step.contract",
      "step.verify",
      "step.completed",
    ]);
  });
});

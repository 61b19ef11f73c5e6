/**
 * Verified steps with the real Codex CLI against the scripted model server: the contract check
 * after each step, repair turns on the step's own thread (`codex exec resume`), `--verify` and
 * `--max-repairs`. Each case counts the Codex turns it cost, from the model server's requests.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ArtifactShapeName } from "../../ccw/src/tools/registry/artifact-shape-names.js";
import { runCli } from "../helpers/cli-context.js";
import type { CodexE2E } from "../helpers/codex-e2e.js";
import {
  eventKinds,
  readState,
  sessionFolder,
  sessionIdIn,
  startCoordinatorE2E,
} from "../helpers/coordinator-e2e.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** The artifacts folder of step `dir` as a regex group (`{{1}}` in replies). */
const artifactsOf = (dir: string) => `(/\\S*?/steps/${dir}/artifacts)`;

interface Write {
  readonly file: string;
  readonly sample?: ArtifactShapeName;
  readonly content?: string;
}

/** Repair turns first: their prompt names the step's artifacts folder too. */
function repairRule(dir: string, writes: readonly Write[]) {
  return {
    name: `repair ${dir}`,
    match: { regex: `^ccw repair turn[\\s\\S]*?${artifactsOf(dir)}` },
    reply: [
      ...writes.map((w) => ({
        write: {
          path: `{{1}}/${w.file}`,
          ...(w.sample === undefined ? { content: w.content ?? "" } : { sample: w.sample }),
        },
      })),
      { text: "STATUS: ok\nFixed the files." },
    ],
  };
}

function stepRule(dir: string, writes: readonly Write[]) {
  return {
    name: dir,
    match: { regex: artifactsOf(dir) },
    reply: [
      ...writes.map((w) => ({
        write: {
          path: `{{1}}/${w.file}`,
          ...(w.sample === undefined ? { content: w.content ?? "" } : { sample: w.sample }),
        },
      })),
      { text: "STATUS: ok\nDone." },
    ],
  };
}

const PLAN_OK: Write[] = [
  { file: "plan.json", sample: "ccw-plan/1" },
  { file: "plan.md", content: "# Plan\n\nAdd greet.\n" },
];
const EXECUTE_OK: Write[] = [
  { file: "execution.json", sample: "ccw-execution/1" },
  { file: "summary.md", content: "# Summary\n\nAdded greet.\n" },
];

async function run(extra: readonly string[]) {
  if (!world) throw new Error("no world");
  const result = await runCli(
    [
      "coordinator",
      "codex",
      "Add a greet function",
      "--chain",
      "quick-implementation",
      "--yes",
      "--codex-bin",
      world.bin,
      ...extra,
    ],
    { cwd: world.workspace, env: world.env },
  );
  const id = sessionIdIn(result.stdout + result.stderr);
  return { ...result, id, state: readState(world.workspace, id) };
}

/** Codex turns so far: requests that start a turn (not tool-output follow-ups). */
function turns(): number {
  return world?.server.requests.filter((request) => !request.followUp).length ?? 0;
}

/** The closing note's numbers: turns per case, as measured. */
const measured: Record<string, number> = {};

describe("verified steps with the real Codex", () => {
  it("a step that writes nothing gets one repair turn on its thread, then completes", async () => {
    world = await startCoordinatorE2E({
      rules: [
        repairRule("01-lite-plan-a", PLAN_OK),
        stepRule("02-execute", EXECUTE_OK),
        {
          name: "silent planner",
          match: { regex: artifactsOf("01-lite-plan-a") },
          reply: { text: "STATUS: ok\nPlanned." },
        },
      ],
    });
    const { code, id, state } = await run([]);
    expect(code).toBe(0);
    expect(state.status).toBe("completed");
    const [plan, execute] = state.execution_results;
    expect(plan?.status).toBe("completed");
    expect(plan?.repairs).toHaveLength(1);
    expect(plan?.repairs?.[0]).toMatchObject({ turn: 1, of: 1, status: "completed" });
    expect(plan?.repairs?.[0]?.thread_id).toBe(plan?.codex_thread_id);
    expect(plan?.checks?.map((check) => [check.turn, check.outcome])).toEqual([
      [0, "failed"],
      [1, "passed"],
    ]);
    expect(plan?.checks?.[0]?.problems.map((p) => [p.file, p.found])).toEqual([
      ["plan.json", "no such file"],
      ["plan.md", "no such file"],
    ]);
    expect(execute?.repairs).toBeUndefined();
    const dir = sessionFolder(world.workspace, id);
    const repairPrompt = readFileSync(
      path.join(dir, "steps", "01-lite-plan-a", "repair-1.md"),
      "utf8",
    );
    expect(repairPrompt).toContain(
      "plan.json: expected the file (on success, shape ccw-plan/1), found no such file",
    );
    // The repair turn resumed the step's own thread: same thread id in its events.
    const repairEvents = readFileSync(
      path.join(dir, "steps", "01-lite-plan-a", "repair-1.jsonl"),
      "utf8",
    );
    expect(repairEvents).toContain(plan?.codex_thread_id ?? "none");
    expect(eventKinds(world.workspace, id)).toEqual(
      expect.arrayContaining(["step.contract", "step.repair", "step.completed"]),
    );
    measured["writes nothing → repaired → completes"] = turns();
    expect(turns()).toBe(3);
  });

  it("an invalid plan.json is named precisely in the repair turn, which fixes it", async () => {
    world = await startCoordinatorE2E({
      rules: [
        repairRule("01-lite-plan-a", [{ file: "plan.json", sample: "ccw-plan/1" }]),
        stepRule("02-execute", EXECUTE_OK),
        stepRule("01-lite-plan-a", [
          { file: "plan.json", content: '{"schema":"ccw-plan/1","steps":[]}' },
          { file: "plan.md", content: "# Plan\n" },
        ]),
      ],
    });
    const { code, id, state } = await run([]);
    expect(code).toBe(0);
    expect(state.status).toBe("completed");
    const plan = state.execution_results[0];
    expect(plan?.repairs).toHaveLength(1);
    const problems = plan?.checks?.[0]?.problems ?? [];
    expect(problems).toContainEqual({
      file: "plan.json",
      path: "steps",
      expected: "at least 1 item",
      found: "[]",
    });
    expect(problems).toContainEqual({
      file: "plan.json",
      path: "producer",
      expected: "a string",
      found: "nothing (the field is missing)",
    });
    const repairPrompt = readFileSync(
      path.join(sessionFolder(world.workspace, id), "steps", "01-lite-plan-a", "repair-1.md"),
      "utf8",
    );
    expect(repairPrompt).toContain("- plan.json: steps: expected at least 1 item, found []");
    measured["invalid plan.json → repaired"] = turns();
    expect(turns()).toBe(3);
  });

  it("a plan still invalid after the repairs stops the chain before execute", async () => {
    world = await startCoordinatorE2E({
      rules: [
        repairRule("01-lite-plan-a", [{ file: "plan.json", content: "{}" }]),
        stepRule("02-execute", EXECUTE_OK),
        stepRule("01-lite-plan-a", [
          { file: "plan.json", content: "{}" },
          { file: "plan.md", content: "# Plan\n" },
        ]),
      ],
    });
    const { code, id, state, stderr } = await run(["--max-retries", "0", "--max-repairs", "1"]);
    expect(code).toBe(1);
    expect(state.status).toBe("failed");
    expect(state.command_chain.map((step) => [step.command, step.status])).toEqual([
      ["lite-plan-a", "failed"],
      ["execute", "pending"],
    ]);
    expect(state.execution_results).toHaveLength(1);
    expect(state.execution_results[0]?.error).toMatch(
      /^the step broke its contract after 1 repair turn: plan\.json: schema: expected/,
    );
    const executeDir = path.join(sessionFolder(world.workspace, id), "steps", "02-execute");
    expect(existsSync(path.join(executeDir, "codex.jsonl"))).toBe(false);
    expect(stderr).toContain("broke its contract");
    measured["still invalid after repairs → stops before execute"] = turns();
    expect(turns()).toBe(2);
  });

  it("--verify passing costs no extra turn", async () => {
    world = await startCoordinatorE2E({
      rules: [stepRule("02-execute", EXECUTE_OK), stepRule("01-lite-plan-a", PLAN_OK)],
    });
    const { code, state } = await run(["--verify", "test -d .workflow && echo verified"]);
    expect(code).toBe(0);
    expect(state.options.verify).toEqual(["test -d .workflow && echo verified"]);
    const execute = state.execution_results[1];
    const verify = execute?.checks?.filter((check) => check.kind === "verify");
    expect(verify).toHaveLength(1);
    expect(verify?.[0]).toMatchObject({ outcome: "passed", exit_code: 0, output_tail: "verified" });
    // Only after the last step of the unit.
    expect(state.execution_results[0]?.checks?.some((check) => check.kind === "verify")).toBe(
      false,
    );
    measured["--verify passing"] = turns();
    expect(turns()).toBe(2);
  });

  it("--verify failing gets one repair turn naming the command, then the failure is recorded", async () => {
    world = await startCoordinatorE2E({
      rules: [
        repairRule("02-execute", [{ file: "summary.md", content: "# Summary\n\nTried again.\n" }]),
        stepRule("02-execute", EXECUTE_OK),
        stepRule("01-lite-plan-a", PLAN_OK),
      ],
    });
    const check = "echo 'greet test failed' >&2; exit 3";
    const { code, id, state } = await run(["--verify", check, "--max-retries", "0"]);
    expect(code).toBe(1);
    const execute = state.execution_results[1];
    expect(execute?.status).toBe("failed");
    expect(execute?.repairs).toHaveLength(1);
    expect(
      execute?.checks
        ?.filter((c) => c.kind === "verify")
        .map((c) => [c.turn, c.outcome, c.exit_code]),
    ).toEqual([
      [0, "failed", 3],
      [1, "failed", 3],
    ]);
    expect(execute?.error).toContain(`--verify \`${check}\` exit code 3`);
    const repairPrompt = readFileSync(
      path.join(sessionFolder(world.workspace, id), "steps", "02-execute", "repair-1.md"),
      "utf8",
    );
    expect(repairPrompt).toContain(`The check \`${check}\``);
    expect(repairPrompt).toContain("exit code 3");
    expect(repairPrompt).toContain("greet test failed");
    measured["--verify failing → one repair → failure recorded"] = turns();
    expect(turns()).toBe(3);
  });

  it("--max-repairs 0 fails the step at its first broken contract", async () => {
    world = await startCoordinatorE2E({
      rules: [
        repairRule("01-lite-plan-a", PLAN_OK),
        {
          name: "silent planner",
          match: { regex: artifactsOf("01-lite-plan-a") },
          reply: { text: "STATUS: ok\nPlanned." },
        },
      ],
    });
    const { code, state } = await run(["--max-repairs", "0", "--max-retries", "0"]);
    expect(code).toBe(1);
    expect(state.options.max_repairs).toBe(0);
    const plan = state.execution_results[0];
    expect(plan?.repairs).toBeUndefined();
    expect(plan?.error).toMatch(
      /^the step broke its contract \(repairs are off: --max-repairs 0\): plan\.json: expected the file/,
    );
    measured["--max-repairs 0"] = turns();
    expect(turns()).toBe(1);
    process.stderr.write(`verified-steps turns: ${JSON.stringify(measured)}\n`);
  });
});

/**
 * The crash-consistency harness (issue 8): many chain runs against a fake Codex that logs every
 * invocation and takes a random short time; each run of `ccw coordinator resume` is killed with
 * SIGKILL at a random moment (at start-up, between steps, in the middle of a step or of a state
 * write), then resumed until the session completes. After every kill and at the end it checks
 * the coordinator's promise (docs/coordinator.md), and that 5 s after each kill no process of
 * the run (its guard, Codex) is alive.
 */
import { type ChildProcess, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import * as z from "zod";
import { parseState } from "../../ccw/src/coordinator/session-store.js";
import type { SessionState } from "../../ccw/src/session/state-schema.js";
import { projectStatus } from "../../ccw/src/session/status.js";
import { runCli } from "../helpers/cli-context.js";
import { CCW_BIN, REPO_ROOT } from "../helpers/codex-e2e.js";
import { aliveAfter } from "../helpers/run-processes.js";

const FAKE_CODEX = path.join(REPO_ROOT, "tests", "fixtures", "crash", "logging-codex.mjs");
const CHAINS = [
  "quick-implementation",
  "issue-workflow",
  "bug-fix,cleanup",
  "analyze-with-file,quick-implementation",
  "clean-and-analyze,merge-plans",
] as const;

const Invocation = z.object({
  run: z.string(),
  session: z.string(),
  step: z.int(),
  resumed: z.boolean(),
  repair: z.boolean(),
  pid: z.int(),
});
type Invocation = z.infer<typeof Invocation>;

export interface HarnessOptions {
  readonly runs: number;
  /** Kills stop after this many runs of one session, so that every session completes. */
  readonly maxKillsPerSession?: number;
  /** The longest a run is given before it is killed. */
  readonly maxKillDelayMs?: number;
  readonly log?: (line: string) => void;
}

export interface HarnessReport {
  runs: number;
  kills: number;
  resumes: number;
  steps: number;
  invocations: number;
  /** Attempts a killed coordinator left open that the next run recovered as interrupted. */
  recoveredAttempts: number;
  /** Interrupted steps continued through their Codex thread. */
  threadContinuations: number;
  /** Repair turns the coordinator sent for steps whose first turn skipped its artifacts. */
  repairTurns: number;
  /** Repair turns a kill interrupted (the resumed attempt continued them on their thread). */
  interruptedRepairs: number;
  /** Lines of events.jsonl torn by a kill (ignored by readers; never in state.json). */
  tornEventLines: number;
  /** Processes of a run (ccw, its guard, Codex) still alive 5 s after its SIGKILL. */
  aliveAfterKill: number;
  violations: string[];
}

/** How long a run that is not killed takes (a moving average), so kills land inside runs. */
const typicalRunMs = {
  value: 800,
  observe(ms: number) {
    this.value = this.value * 0.7 + ms * 0.3;
  },
};

function random(max: number): number {
  return Math.floor(Math.random() * max);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("close", (code) => resolve(code)));
}

/** Whether a process still runs; a zombie (dead, not yet reaped by init) does not. */
function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

function readInvocations(file: string): Invocation[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => Invocation.parse(JSON.parse(line)));
}

/** Runs the harness and returns its counts; `violations` is empty when every check held. */
export async function runCrashHarness(options: HarnessOptions): Promise<HarnessReport> {
  const report: HarnessReport = {
    runs: 0,
    kills: 0,
    resumes: 0,
    steps: 0,
    invocations: 0,
    recoveredAttempts: 0,
    threadContinuations: 0,
    repairTurns: 0,
    interruptedRepairs: 0,
    tornEventLines: 0,
    aliveAfterKill: 0,
    violations: [],
  };
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-crash-"));
  const codexHome = path.join(root, "codex-home");
  cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(codexHome, "prompts"), {
    recursive: true,
  });
  const baseEnv = {
    PATH: process.env.PATH ?? "",
    HOME: root,
    CODEX_HOME: codexHome,
    XDG_CACHE_HOME: path.join(root, "cache"),
    NO_COLOR: "1",
    // Half the first turns write nothing: their steps need a repair turn, where kills land too.
    CRASH_SKIP_WRITES: "0.5",
  };
  try {
    for (let run = 0; run < options.runs; run++) {
      const workspace = path.join(root, `run-${run}`);
      mkdirSync(workspace);
      const violations = await oneSession(
        workspace,
        baseEnv,
        CHAINS[run % CHAINS.length] as string,
        options,
        report,
      );
      report.runs++;
      for (const violation of violations) report.violations.push(`run ${run}: ${violation}`);
      if (violations.length === 0) rmSync(workspace, { recursive: true, force: true });
      if ((run + 1) % 20 === 0)
        options.log?.(
          `${run + 1} runs, ${report.kills} kills, ${report.violations.length} violations`,
        );
    }
  } finally {
    if (report.violations.length === 0) rmSync(root, { recursive: true, force: true });
    else options.log?.(`kept ${root} for inspection`);
  }
  return report;
}

async function oneSession(
  workspace: string,
  baseEnv: Record<string, string>,
  chain: string,
  options: HarnessOptions,
  report: HarnessReport,
): Promise<string[]> {
  const violations: string[] = [];
  const planned = await runCli(
    [
      "coordinator",
      "codex",
      "Keep the payments service healthy",
      "--chain",
      chain,
      "--plan-only",
      "--json",
      "--codex-bin",
      FAKE_CODEX,
    ],
    { cwd: workspace, env: baseEnv, homedir: baseEnv.HOME },
  );
  if (planned.code !== 0) return [`planning failed: ${planned.stderr}`];
  const id = parseState(planned.stdout, "plan").session_id;
  const sessionDir = path.join(workspace, ".workflow", ".codex-coordinator", id);
  const stateFile = path.join(sessionDir, "state.json");
  const logFile = path.join(workspace, "codex-invocations.jsonl");
  const maxKills = options.maxKillsPerSession ?? 4;

  let completedBefore = new Set<number>();
  let state: SessionState | undefined;
  for (let iteration = 0; iteration < maxKills + 3; iteration++) {
    if (iteration > 0) report.resumes++;
    const child = spawn(
      process.execPath,
      [CCW_BIN, "coordinator", "resume", id, "--yes", "--codex-bin", FAKE_CODEX],
      {
        cwd: workspace,
        env: { ...baseEnv, CRASH_LOG: logFile, CRASH_RUN: String(iteration) },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const done = exited(child);
    const kill = iteration < maxKills && Math.random() < 0.85;
    let killed = false;
    const started = Date.now();
    if (kill) {
      // Anywhere in a run: its start-up, a step, a state write, the moment it finishes.
      const timer = setTimeout(
        () => {
          killed = child.exitCode === null && child.signalCode === null;
          child.kill("SIGKILL");
        },
        random(options.maxKillDelayMs ?? typicalRunMs.value * 1.1),
      );
      await done;
      clearTimeout(timer);
    } else {
      await done;
    }
    if (killed) {
      report.kills++;
      // Every process of the run carries its CRASH_LOG: none may outlive the kill by 5 s.
      const alive = await aliveAfter("CRASH_LOG", logFile, 5000);
      report.aliveAfterKill += alive.length;
      if (alive.length > 0)
        violations.push(`iteration ${iteration}: alive 5 s after SIGKILL: ${alive.join(", ")}`);
    } else if (child.exitCode === 0) typicalRunMs.observe(Date.now() - started);
    else if (child.exitCode !== 0)
      violations.push(
        `iteration ${iteration}: exit ${child.exitCode}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
      );

    // state.json must always parse and validate: no write is ever seen half done.
    try {
      state = parseState(readFileSync(stateFile, "utf8"), stateFile, id);
    } catch (error) {
      violations.push(
        `iteration ${iteration}: state.json invalid: ${error instanceof Error ? error.message : String(error)}`,
      );
      return violations;
    }
    const mine = readInvocations(logFile).filter((entry) => entry.run === String(iteration));
    const perStep = new Map<number, number>();
    const repairs = new Map<number, number>();
    for (const entry of mine) {
      // A repair turn is the same attempt on its own thread: at most max_repairs (1) per run.
      if (entry.repair) repairs.set(entry.step, (repairs.get(entry.step) ?? 0) + 1);
      else perStep.set(entry.step, (perStep.get(entry.step) ?? 0) + 1);
      if (entry.repair) report.repairTurns++;
      if (completedBefore.has(entry.step))
        violations.push(`iteration ${iteration}: step ${entry.step} ran again after it completed`);
      if (entry.resumed && !entry.repair) report.threadContinuations++;
    }
    for (const [step, count] of perStep) {
      if (count > 1)
        violations.push(`iteration ${iteration}: step ${step} ran ${count} times in one run`);
    }
    for (const [step, count] of repairs) {
      if (count > 1)
        violations.push(
          `iteration ${iteration}: step ${step} had ${count} repair turns in one run`,
        );
    }
    completedBefore = new Set(
      state.command_chain.filter((step) => step.status === "completed").map((step) => step.index),
    );
    // Done when a run ends by itself: one killed right after recording completion leaves the
    // rest to the next resume, which a user would run.
    if (state.status === "completed" && !killed) break;
  }
  if (state?.status !== "completed") {
    violations.push(`did not complete: ${state?.status}`);
    return violations;
  }

  report.steps += state.command_chain.length;
  const invocations = readInvocations(logFile);
  report.invocations += invocations.length;
  report.interruptedRepairs += state.execution_results
    .flatMap((record) => record.repairs ?? [])
    .filter((repair) => repair.status === "interrupted").length;
  report.recoveredAttempts += state.execution_results.filter(
    (record) => record.status === "interrupted",
  ).length;
  for (const step of state.command_chain) {
    const records = state.execution_results.filter((record) => record.index === step.index);
    const completed = records.filter((record) => record.status === "completed");
    if (completed.length !== 1 || records.at(-1)?.status !== "completed") {
      violations.push(
        `step ${step.index}: ${completed.length} completed records, last ${records.at(-1)?.status}`,
      );
    }
    if (records.some((record) => record.status === "started"))
      violations.push(`step ${step.index}: an attempt left open`);
    const last = records.at(-1);
    const contract = last?.checks?.filter((check) => check.kind === "contract").at(-1);
    if (contract?.outcome !== "passed")
      violations.push(`step ${step.index}: completed without a passed contract check`);
    if (records.some((record) => record.repairs?.some((repair) => repair.status === "started")))
      violations.push(`step ${step.index}: a repair turn left open`);
  }
  const status = z
    .unknown()
    .parse(JSON.parse(readFileSync(path.join(sessionDir, "status.json"), "utf8")));
  if (JSON.stringify(status) !== JSON.stringify(projectStatus(state)))
    violations.push("status.json is not the projection of state.json");

  const leftovers = readdirSync(sessionDir).filter((name) => /\.json\.\d+$/.test(name));
  const lockFiles = existsSync(path.join(sessionDir, "lock"))
    ? readdirSync(path.join(sessionDir, "lock"))
    : [];
  if (leftovers.length > 0) violations.push(`temp files left: ${leftovers.join(", ")}`);
  if (lockFiles.length > 0) violations.push(`lock files left: ${lockFiles.join(", ")}`);
  const running = invocations.map((entry) => entry.pid).filter(alive);
  if (running.length > 0) violations.push(`Codex processes left running: ${running.join(", ")}`);
  report.tornEventLines += readFileSync(path.join(sessionDir, "events.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !isJson(line)).length;
  return violations;
}

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

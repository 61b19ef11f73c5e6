/**
 * The coordinator's overhead. A 4-step chain (the issue-workflow unit) run by
 * `ccw coordinator codex --yes` against a fake Codex that answers at once, vs the same four
 * fake-Codex runs launched directly one after the other (target: at most 1.5x). And planning
 * alone (`--plan-only`) vs a bare `node -e 0` (target: at most 3x).
 */
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type BenchSuite, benchEnv, command, comparePaired, type Side } from "../kit.js";

/** Runs argv[2..] four times in a row, each with the same stdin text (argv[2] is that text). */
const SPAWN_FOUR = `import { spawnSync } from "node:child_process";
const [input, file, ...args] = process.argv.slice(2);
for (let i = 0; i < 4; i++) spawnSync(file, args, { input, stdio: ["pipe", "ignore", "inherit"] });
`;

/** `ccw coordinator codex --chain issue-workflow --yes` (4 steps) with `codexBin` as Codex. */
export function issueWorkflowChain(
  label: string,
  options: { root: string; codexBin: string; cwd: string; env: NodeJS.ProcessEnv },
): Side {
  return command(
    label,
    process.execPath,
    [
      path.join(options.root, "ccw", "bin", "ccw.js"),
      "coordinator",
      "codex",
      "Find and fix issues in the payments service",
      "--chain",
      "issue-workflow",
      "--yes",
      "--codex-bin",
      options.codexBin,
    ],
    { cwd: options.cwd, env: options.env },
  );
}

export const suite: BenchSuite = {
  name: "coordinator",
  async run({ root, workDir, runs, log }) {
    const ccw = path.join(root, "ccw", "bin", "ccw.js");
    const fakeCodex = path.join(root, "tests", "fixtures", "fake-codex", "fake-codex.mjs");
    const workspace = path.join(workDir, "project");
    const codexHome = path.join(workDir, "codex-home");
    mkdirSync(workspace, { recursive: true });
    cpSync(path.join(root, ".codex", "prompts"), path.join(codexHome, "prompts"), {
      recursive: true,
    });
    const env = benchEnv({
      CODEX_HOME: codexHome,
      XDG_CACHE_HOME: path.join(workDir, "cache"),
      FAKE_CODEX_SCENARIO: "ok",
      NO_COLOR: "1",
    });
    const prompt = "Investigate and fix the issues in the payments service.\n";

    const fakeRun = [
      fakeCodex,
      "exec",
      "--json",
      "--skip-git-repo-check",
      "--color",
      "never",
      "-C",
      workspace,
      "-s",
      "workspace-write",
      "-",
    ];
    const direct = command("one fake-Codex run", process.execPath, fakeRun, {
      cwd: workspace,
      env,
      input: prompt,
    });
    const fourDirect: Side = {
      label: "4 fake-Codex runs launched directly",
      run: async () => {
        for (let i = 0; i < 4; i++) await direct.run();
      },
    };
    const chain = issueWorkflowChain(
      "ccw coordinator codex --chain issue-workflow --yes (4 steps)",
      {
        root,
        codexBin: fakeCodex,
        cwd: workspace,
        env,
      },
    );
    log("4-step chain vs 4 direct runs");
    const chainResult = await comparePaired({
      id: "coordinator-4-step-chain",
      what: "a 4-step chain against a fake Codex that answers at once",
      baseline: fourDirect,
      subject: chain,
      runs,
      targetMax: 1.5,
    });

    // For the reader, not a target: the least any Node program that runs those four steps
    // costs, measured the same way (a script that only spawns them one after the other).
    const floorScript = path.join(workDir, "spawn-four.mjs");
    writeFileSync(floorScript, SPAWN_FOUR);
    const floor = await comparePaired({
      id: "coordinator-node-parent-floor",
      what: "a bare Node parent of the 4 fake-Codex runs",
      baseline: fourDirect,
      subject: command(
        "node spawn-four.mjs",
        process.execPath,
        [floorScript, prompt, process.execPath, ...fakeRun],
        { cwd: workspace, env },
      ),
      runs: Math.max(3, Math.floor(runs / 2)),
    });

    const planOnly = command(
      "ccw coordinator codex --plan-only",
      process.execPath,
      [ccw, "coordinator", "codex", "Add rate limiting to the login API", "--plan-only"],
      { cwd: workspace, env },
    );
    log("--plan-only vs node -e 0");
    const planResult = await comparePaired({
      id: "coordinator-plan-only",
      what: "planning a chain (analysis, routing, prompt checks, session written)",
      baseline: command("node -e 0", process.execPath, ["-e", "0"]),
      subject: planOnly,
      runs,
      targetMax: 3,
    });
    return [chainResult, floor, planResult];
  },
};

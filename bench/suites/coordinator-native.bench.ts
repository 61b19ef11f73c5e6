/**
 * A 4-step chain (the issue-workflow unit) run by `ccw coordinator codex --yes` with the real
 * Codex against the local model server, vs 4 runs of the NATIVE Codex binary launched directly
 * with the same argv and the same four prompts (target: at most 1.05). The prompts are the
 * ones the chain itself expanded (steps/<nn>-<command>/prompt.md of a first, unmeasured run).
 * Like cli.bench.ts, the baseline is the native binary that ccw starts, not the npm launcher.
 * The first run must complete, or the bench fails (ccw exits non-zero).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeCodexHome } from "../../ccw/src/dev/model-server/codex-home.js";
import { startModelServer } from "../../ccw/src/dev/model-server/server.js";
import { buildCodexExecArgv } from "../../ccw/src/tools/codex/codex-argv.js";
import { type BenchSuite, benchEnv, command, comparePaired, type Side } from "../kit.js";
import { nativeCodex } from "./cli.bench.js";
import { issueWorkflowChain } from "./coordinator.bench.js";

/** Runs argv[3..] once per prompt file of the JSON list argv[2], each file as its stdin. */
const SPAWN_STEPS = `import { spawnSync } from "node:child_process";
import { openSync, closeSync } from "node:fs";
const [files, file, ...args] = process.argv.slice(2);
for (const prompt of JSON.parse(files)) {
  const stdin = openSync(prompt, "r");
  const run = spawnSync(file, args, { stdio: [stdin, "ignore", "inherit"] });
  closeSync(stdin);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
`;

/** The expanded prompts of the newest session's steps, in step order. */
function chainPrompts(workspace: string): string[] {
  const root = path.join(workspace, ".workflow", ".codex-coordinator");
  const newest = readdirSync(root)
    .filter((name) => !name.startsWith("."))
    .sort()
    .at(-1);
  if (newest === undefined) throw new Error(`no session in ${root}`);
  const steps = path.join(root, newest, "steps");
  return readdirSync(steps)
    .sort()
    .map((step) => readFileSync(path.join(steps, step, "prompt.md"), "utf8"));
}

export const suite: BenchSuite = {
  name: "coordinator-native",
  async run({ root, workDir, runs, log }) {
    const server = await startModelServer({ rules: [], default: { text: "Done." } });
    try {
      const workspace = path.join(workDir, "project");
      const home = path.join(workDir, "home");
      mkdirSync(workspace, { recursive: true });
      mkdirSync(home, { recursive: true });
      const codexHome = await writeCodexHome({
        codexHome: path.join(workDir, "codex-home"),
        baseUrl: server.baseUrl,
      });
      const prompts = path.join(codexHome.codexHome, "prompts");
      cpSync(path.join(root, ".codex", "prompts"), prompts, { recursive: true });
      // The scripted model answers in text and writes no artifacts, so the steps' contracts are
      // left unchecked ("## Writes (unchecked)" is no Writes section for ccw): both sides then
      // cost the same four Codex turns. What checking costs has its own row (verified-steps).
      for (const file of readdirSync(prompts)) {
        const full = path.join(prompts, file);
        writeFileSync(
          full,
          readFileSync(full, "utf8").replace(/^## Writes$/m, "## Writes (unchecked)"),
        );
      }
      const env = benchEnv({
        HOME: home,
        XDG_CACHE_HOME: path.join(workDir, "cache"),
        NO_COLOR: "1",
        ...codexHome.env,
      });
      const launcher = path.join(root, "node_modules", ".bin", "codex");
      const native = nativeCodex(launcher);
      const chain = issueWorkflowChain(
        "ccw coordinator codex --chain issue-workflow --yes (4 steps, real Codex)",
        { root, codexBin: launcher, cwd: workspace, env },
      );
      await chain.run();
      const expanded = chainPrompts(workspace);
      if (expanded.length !== 4)
        throw new Error(`expected 4 step prompts, found ${expanded.length}`);
      // The argv the coordinator builds for a step (step-attempt.ts): the workspace, write mode.
      const argv = buildCodexExecArgv({ cd: workspace, sandbox: "workspace-write" });
      const steps = expanded.map((input, index) =>
        command(`native codex exec, step ${index + 1}`, native.file, argv, {
          cwd: workspace,
          env: { ...env, ...native.env },
          input,
        }),
      );
      const fourNative: Side = {
        label: "4 native codex exec runs of the same prompts",
        run: async () => {
          for (const step of steps) await step.run();
        },
      };
      log("4-step chain vs 4 native codex exec runs");
      const result = await comparePaired({
        id: "coordinator-4-step-vs-native-codex",
        what: "a 4-step chain with the real Codex against the local model server",
        baseline: fourNative,
        subject: chain,
        runs: Math.max(3, Math.floor(runs / 2)),
        warmup: 1,
        targetMax: 1.05,
      });
      // For the reader, not a target: the least any Node program that runs those four steps
      // costs, measured the same way (a script that only spawns them, one after the other).
      const promptFiles = expanded.map((input, index) => {
        const file = path.join(workDir, `prompt-${index + 1}.md`);
        writeFileSync(file, input);
        return file;
      });
      const floorScript = path.join(workDir, "spawn-steps.mjs");
      writeFileSync(floorScript, SPAWN_STEPS);
      const floor = await comparePaired({
        id: "coordinator-native-node-parent-floor",
        what: "a bare Node parent of the 4 native codex exec runs",
        baseline: fourNative,
        subject: command(
          "node spawn-steps.mjs",
          process.execPath,
          [floorScript, JSON.stringify(promptFiles), native.file, ...argv],
          { cwd: workspace, env: { ...env, ...native.env } },
        ),
        runs: Math.max(3, Math.floor(runs / 2)),
        warmup: 1,
      });
      return [result, floor];
    } finally {
      await server.close();
    }
  },
};

/**
 * `ccw cli --tool codex` against the same `codex exec` run directly, both driving the real
 * Codex binary against the local model server: what ccw's wrapper (startup, binary
 * resolution, the cached capability probe, event parsing) costs on top of Codex itself.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeCodexHome } from "../../ccw/src/dev/model-server/codex-home.js";
import { startModelServer } from "../../ccw/src/dev/model-server/server.js";
import { buildCodexExecArgv } from "../../ccw/src/tools/codex/codex-argv.js";
import { type BenchSuite, benchEnv, command, comparePaired } from "../kit.js";

const PROMPT = "Reply with the word pong.";

/** Spawns argv[2] with the rest as arguments, pipes stdin through, waits, mirrors the exit. */
const SPAWN_ONLY = `import { spawn } from "node:child_process";
const child = spawn(process.argv[2], process.argv.slice(3), { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.pipe(child.stdin);
child.stdout.resume();
child.on("close", (code) => { process.exitCode = code ?? 1; });
`;

export const suite: BenchSuite = {
  name: "cli",
  async run(ctx) {
    const server = await startModelServer({ rules: [], default: { text: "pong" } });
    try {
      const workspace = path.join(ctx.workDir, "workspace");
      const home = path.join(ctx.workDir, "home");
      mkdirSync(workspace, { recursive: true });
      mkdirSync(home, { recursive: true });
      const codexHome = await writeCodexHome({
        codexHome: path.join(ctx.workDir, "codex-home"),
        baseUrl: server.baseUrl,
      });
      const env = benchEnv({ HOME: home, NO_COLOR: "1", ...codexHome.env });
      const codexBin = path.join(ctx.root, "node_modules", ".bin", "codex");
      // The exact argv `ccw cli --mode analysis` builds, so both sides ask Codex the same thing.
      const argv = buildCodexExecArgv({ sandbox: "read-only" });
      const result = await comparePaired({
        id: "cli-vs-codex-exec",
        what: "one text reply from the local model server",
        baseline: command("codex exec (direct)", codexBin, argv, {
          cwd: workspace,
          env,
          input: PROMPT,
        }),
        subject: command(
          "ccw cli --tool codex",
          process.execPath,
          [path.join(ctx.root, "ccw", "bin", "ccw.js"), "cli", "--tool", "codex", "-p", PROMPT],
          { cwd: workspace, env },
        ),
        runs: ctx.runs,
        warmup: 2,
        targetMax: 1.15,
      });
      ctx.log(
        `median ms: codex exec ${result.medianMs.baseline}, ccw cli ${result.medianMs.subject}`,
      );
      // For the reader, not a target: the least any Node program that starts Codex costs,
      // measured the same way (a script that only spawns it, feeds stdin and waits).
      const floorScript = path.join(ctx.workDir, "spawn-only.mjs");
      writeFileSync(floorScript, SPAWN_ONLY);
      const floor = await comparePaired({
        id: "node-parent-floor",
        what: "a bare Node parent of codex exec",
        baseline: command("codex exec (direct)", codexBin, argv, {
          cwd: workspace,
          env,
          input: PROMPT,
        }),
        subject: command(
          "node spawn-only.mjs",
          process.execPath,
          [floorScript, codexBin, ...argv],
          {
            cwd: workspace,
            env,
            input: PROMPT,
          },
        ),
        runs: Math.max(3, Math.floor(ctx.runs / 2)),
        warmup: 1,
      });
      const served = server.requests.length;
      const expected = 2 * (ctx.runs + 2) + 2 * (floor.samples + 1);
      if (served !== expected) {
        throw new Error(`the model server answered ${served} requests, expected ${expected}`);
      }
      return [result, floor];
    } finally {
      await server.close();
    }
  },
};

/**
 * `ccw cli --tool codex` against the same `codex exec` run directly, both driving the real
 * Codex against the local model server: what ccw's wrapper (startup, binary resolution, the
 * cached capability probe, event parsing) costs on top of Codex itself.
 *
 * The baseline is the NATIVE Codex binary, found the way ccw finds it (tools/codex/
 * codex-launch.ts) and started with the same argv and the two variables the npm launcher sets.
 * ccw skips the npm launcher (`node_modules/.bin/codex`, a Node script that starts the native
 * binary), so measuring against the launcher would credit ccw with a Node start-up it never
 * pays; that comparison is kept as an information row only.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { writeCodexHome } from "../../ccw/src/dev/model-server/codex-home.js";
import { startModelServer } from "../../ccw/src/dev/model-server/server.js";
import { buildCodexExecArgv } from "../../ccw/src/tools/codex/codex-argv.js";
import { codexLaunch } from "../../ccw/src/tools/codex/codex-launch.js";
import { type BenchSuite, benchEnv, command, comparePaired } from "../kit.js";

const PROMPT = "Reply with the word pong.";

/** Spawns argv[2] with the rest as arguments, pipes stdin through, waits, mirrors the exit. */
const SPAWN_ONLY = `import { spawn } from "node:child_process";
const child = spawn(process.argv[2], process.argv.slice(3), { stdio: ["pipe", "pipe", "inherit"] });
process.stdin.pipe(child.stdin);
child.stdout.resume();
child.on("close", (code) => { process.exitCode = code ?? 1; });
`;

/** The native Codex binary behind the npm launcher, as ccw starts it; fails when there is none. */
export function nativeCodex(launcher: string): { file: string; env: Record<string, string> } {
  const launch = codexLaunch(launcher);
  if (!launch.native) throw new Error(`no native Codex binary found behind ${launcher}`);
  return { file: launch.file, env: { ...launch.env } };
}

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
      const launcher = path.join(ctx.root, "node_modules", ".bin", "codex");
      const native = nativeCodex(launcher);
      const nativeEnv = { ...env, ...native.env };
      // The exact argv `ccw cli --mode analysis` builds, so every side asks Codex the same thing.
      const argv = buildCodexExecArgv({ sandbox: "read-only" });
      const nativeSide = command("native codex exec (direct)", native.file, argv, {
        cwd: workspace,
        env: nativeEnv,
        input: PROMPT,
      });
      const ccwSide = command(
        "ccw cli --tool codex",
        process.execPath,
        [path.join(ctx.root, "ccw", "bin", "ccw.js"), "cli", "--tool", "codex", "-p", PROMPT],
        { cwd: workspace, env },
      );
      const result = await comparePaired({
        id: "cli-vs-native-codex",
        what: "one text reply from the local model server",
        baseline: nativeSide,
        subject: ccwSide,
        runs: ctx.runs,
        warmup: 2,
        targetMax: 1.1,
      });
      ctx.log(
        `median ms: native codex ${result.medianMs.baseline}, ccw ${result.medianMs.subject}`,
      );
      const half = Math.max(3, Math.floor(ctx.runs / 2));
      // Information only: the npm launcher is what `codex` on a user's PATH usually is, but
      // ccw does not go through it, so it is not the baseline.
      const launcherRow = await comparePaired({
        id: "cli-vs-codex-npm-launcher",
        what: "one text reply, against Codex's npm launcher (a Node script that starts the native binary)",
        baseline: command("codex exec via the npm launcher", launcher, argv, {
          cwd: workspace,
          env,
          input: PROMPT,
        }),
        subject: ccwSide,
        runs: half,
        warmup: 1,
      });
      // Information only: the least any Node program that starts Codex costs, measured the
      // same way (a script that only spawns the native binary, feeds stdin and waits).
      const floorScript = path.join(ctx.workDir, "spawn-only.mjs");
      writeFileSync(floorScript, SPAWN_ONLY);
      const floor = await comparePaired({
        id: "node-parent-floor",
        what: "a bare Node parent of the native codex exec",
        baseline: nativeSide,
        subject: command(
          "node spawn-only.mjs",
          process.execPath,
          [floorScript, native.file, ...argv],
          { cwd: workspace, env: nativeEnv, input: PROMPT },
        ),
        runs: half,
        warmup: 1,
      });
      const served = server.requests.length;
      const expected = 2 * (ctx.runs + 2) + 2 * (launcherRow.samples + 1) + 2 * (floor.samples + 1);
      if (served !== expected) {
        throw new Error(`the model server answered ${served} requests, expected ${expected}`);
      }
      return [result, launcherRow, floor];
    } finally {
      await server.close();
    }
  },
};

import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import type { CommandRuntime } from "../command-runtime.js";
import { ExitCode, UsageError } from "../errors.js";

/** `ccw codex-parity update <version>`: take a new Codex release in one command. */
export function registerCodexParityUpdate(
  parity: Command,
  runtime: CommandRuntime,
  manifestDir: (flags: { dir?: string }) => string,
): void {
  const { ctx } = runtime;
  parity
    .command("update")
    .description(
      "take a Codex release: install it in a scratch folder, snapshot, union, report, validate, run a real chain, and update the manifests only if all of that passes",
    )
    .argument("<version>", "the Codex release, e.g. 0.171.0")
    .option("--dir <folder>", "the manifest folder (default: ./cli_manifests/codex)")
    .addHelpText(
      "after",
      "\nIn a ccw checkout: npm run codex:update -- <version>. Needs the npm registry for the install only.\nExit 0 when the release works with ccw (or nothing changed), 1 when it breaks ccw (nothing is written). See docs/parity.md.",
    )
    .action(async (version: string, flags: { dir?: string }) => {
      const [take, io, { timestampFromEpochOrClock }, { hostTargetTriple }] = await Promise.all([
        import("../parity/take-release.js"),
        import("../parity/release-io.js"),
        import("../parity/epoch.js"),
        import("../parity/targets.js"),
      ]);
      const target = hostTargetTriple(os.platform(), os.arch());
      if (target === undefined) {
        throw new UsageError(`no Codex build for ${os.platform()}/${os.arch()}`);
      }
      const dir = manifestDir(flags);
      const checkout = path.dirname(path.dirname(dir));
      const fixtures = path.join(checkout, "tests", "fixtures", "parity", "help");
      const result = await take.takeRelease({
        version,
        dir,
        ...(existsSync(fixtures) ? { helpFixturesDir: fixtures } : {}),
        target,
        timestamp: timestampFromEpochOrClock(ctx.env.SOURCE_DATE_EPOCH, () => new Date()),
        env: ctx.env,
        install: io.npmInstaller(ctx.env),
        runChain: io.demoChainRunner(ctx.env),
        log: (line) => ctx.stderr.write(`${ctx.style.dim(line)}\n`),
      });
      ctx.stdout.write(take.renderVerdict(result, io.devDependencyOf(checkout)));
      if (result.outcome === "broken") runtime.setExitCode(ExitCode.failed);
    });
}

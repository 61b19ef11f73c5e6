import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { ExitCode, UsageError } from "../errors.js";
import { packageRoot, packageVersion } from "../package-info.js";
import { registerCodexParityUpdate } from "./codex-parity-update.js";

const dirOption = "--dir <folder>";
const dirHelp = "the manifest folder (default: ./cli_manifests/codex if it exists, else ccw's own)";
const rulesHelp = "the rules file (default: RULES.json in the manifest folder)";

interface DirFlags {
  dir?: string;
  rules?: string;
}

/** `ccw codex-parity`: the Codex CLI parity pipeline of docs/parity.md. */
export const registerCodexParityCommand: RegisterCommand = (program, runtime) => {
  const parity = program
    .command("codex-parity")
    .description("compare the Codex surfaces ccw uses with real Codex releases (docs/parity.md)")
    .addHelpText(
      "after",
      [
        "",
        "A new Codex release: npm run codex:update -- <v>; or step by step (docs/parity.md):",
        "  ccw codex-parity snapshot --codex-bin node_modules/.bin/codex \\",
        "    --out-file cli_manifests/codex/snapshots/<v>/x86_64-unknown-linux-musl.json",
        "  ccw codex-parity union --version <v>",
        "  ccw codex-parity report --version <v>",
        "  ccw codex-parity diff --from <previous> --to <v> && ccw codex-parity validate",
      ].join("\n"),
    );

  addWrapperCoverageCommand(parity, runtime);
  addSnapshotCommand(parity, runtime);
  addUnionCommand(parity, runtime);
  addReportCommand(parity, runtime);
  addDiffCommand(parity, runtime);
  addSchemaCommand(parity, runtime);
  addValidateCommand(parity, runtime);
};

/** `ccw codex-parity wrapper-coverage` (docs/parity.md). */
function addWrapperCoverageCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("wrapper-coverage")
    .description(
      "derive wrapper_coverage.json from ccw's argv builder and its scenario catalog (needs SOURCE_DATE_EPOCH)",
    )
    .requiredOption(
      "--out <file>",
      "where to write the manifest, e.g. cli_manifests/codex/wrapper_coverage.json",
    )
    .option("--rules <file>", rulesHelp)
    .option(dirOption, dirHelp)
    .action(async (flags: DirFlags & { out: string }) => {
      const [{ timestampFromEpoch }, { writeWrapperCoverage }] = await Promise.all([
        import("../parity/epoch.js"),
        import("../parity/pipeline.js"),
      ]);
      const generatedAt = timestampFromEpoch(ctx.env.SOURCE_DATE_EPOCH);
      const out = path.resolve(ctx.cwd, flags.out);
      const counts = await writeWrapperCoverage({
        out,
        rulesFile: rulesFile(ctx, flags),
        generatedAt,
        wrapperVersion: packageVersion(),
      });
      ctx.stdout.write(
        `${display(ctx, out)}: ${counts.entries} commands, ${counts.flags} flags, ${counts.args} args (generated_at ${generatedAt})\n`,
      );
    });
}

/** `ccw codex-parity snapshot` (docs/parity.md). */
function addSnapshotCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("snapshot")
    .description(
      "run a real Codex binary's help recursively and record its surface (UpstreamSnapshotV1)",
    )
    .requiredOption(
      "--codex-bin <path>",
      "the Codex executable (the npm script or the native binary)",
    )
    .requiredOption(
      "--out-file <file>",
      "e.g. cli_manifests/codex/snapshots/<version>/<target>.json",
    )
    .option("--target <triple>", "the binary's target triple (default: this machine's)")
    .option("--save-help <folder>", "also keep every raw help page there (test fixtures)")
    .action(
      async (flags: { codexBin: string; outFile: string; target?: string; saveHelp?: string }) => {
        const [{ timestampFromEpochOrClock }, { writeSnapshot }, { hostTargetTriple }] =
          await Promise.all([
            import("../parity/epoch.js"),
            import("../parity/pipeline.js"),
            import("../parity/targets.js"),
          ]);
        const target = flags.target ?? hostTargetTriple(os.platform(), os.arch());
        if (target === undefined) {
          throw new UsageError(`no Codex build for ${os.platform()}/${os.arch()}`, {
            hint: "Pass --target <triple> for the binary you snapshot.",
          });
        }
        const collectedAt = timestampFromEpochOrClock(ctx.env.SOURCE_DATE_EPOCH, () => new Date());
        const outFile = path.resolve(ctx.cwd, flags.outFile);
        const snapshot = await writeSnapshot({
          codexBin: path.resolve(ctx.cwd, flags.codexBin),
          outFile,
          target,
          collectedAt,
          env: ctx.env,
          ...(flags.saveHelp === undefined
            ? {}
            : { saveHelpDir: path.resolve(ctx.cwd, flags.saveHelp) }),
        });
        const flagCount = snapshot.commands.reduce(
          (sum, command) => sum + (command.flags?.length ?? 0),
          0,
        );
        ctx.stdout.write(
          `${display(ctx, outFile)}: Codex ${snapshot.binary.semantic_version} (${target}), ${snapshot.commands.length} commands, ${flagCount} flags\n`,
        );
      },
    );
}

/** `ccw codex-parity union` (docs/parity.md). */
function addUnionCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("union")
    .description(
      "merge snapshots/<version>/<target>.json into union.json (and current.json for latest_validated)",
    )
    .requiredOption("--version <version>", "the Codex version, e.g. 0.169.0")
    .option(dirOption, dirHelp)
    .option("--rules <file>", rulesHelp)
    .action(async (flags: DirFlags & { version: string }) => {
      const { writeUnion } = await import("../parity/pipeline.js");
      const result = await writeUnion({
        dir: manifestDir(ctx, flags),
        version: flags.version,
        rulesFile: rulesFile(ctx, flags),
      });
      const { union } = result;
      const missing = union.missing_targets ?? [];
      ctx.stdout.write(
        `${display(ctx, result.file)}: ${union.commands.length} commands from ${union.inputs.length} target${union.inputs.length === 1 ? "" : "s"}${missing.length > 0 ? `, incomplete (missing ${missing.join(", ")})` : ", complete"}${result.currentUpdated ? "; current.json updated" : ""}\n`,
      );
    });
}

/** `ccw codex-parity report` (docs/parity.md). */
function addReportCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("report")
    .description(
      "compare wrapper_coverage.json with snapshots/<version>/union.json (reports/<version>/)",
    )
    .requiredOption("--version <version>", "the Codex version, e.g. 0.169.0")
    .option(dirOption, dirHelp)
    .option("--rules <file>", rulesHelp)
    .action(async (flags: DirFlags & { version: string }) => {
      const [{ timestampFromEpochOrClock }, { writeReports }] = await Promise.all([
        import("../parity/epoch.js"),
        import("../parity/pipeline.js"),
      ]);
      const generatedAt = timestampFromEpochOrClock(ctx.env.SOURCE_DATE_EPOCH, () => new Date());
      const written = await writeReports({
        dir: manifestDir(ctx, flags),
        version: flags.version,
        rulesFile: rulesFile(ctx, flags),
        generatedAt,
      });
      for (const report of written) {
        ctx.stdout.write(
          `${display(ctx, report.file)}: ${report.missing} missing, ${report.excluded} excluded, ${report.wrapperOnly} wrapper-only\n`,
        );
      }
    });
}

/** `ccw codex-parity diff` (docs/parity.md). */
function addDiffCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("diff")
    .description(
      "list the commands, flags and args one Codex version added or removed compared with another",
    )
    .requiredOption("--from <version>", "the older version, e.g. 0.125.0")
    .requiredOption("--to <version>", "the newer version, e.g. 0.169.0")
    .option("--json", "print {from, to, added, removed} as JSON")
    .option(dirOption, dirHelp)
    .action(async (flags: { from: string; to: string; json?: boolean; dir?: string }) => {
      const [
        { manifestLayout, readArtifact },
        { UpstreamSnapshotUnionV2 },
        { describeUnit, diffUnions },
        { parseSemver },
      ] = await Promise.all([
        import("../parity/manifest-layout.js"),
        import("../parity/schemas.js"),
        import("../parity/upstream-diff.js"),
        import("../parity/semver.js"),
      ]);
      // A version names a folder of the manifest: anything else (../x) must not become a path.
      for (const [option, version] of [
        ["--from", flags.from],
        ["--to", flags.to],
      ] as const) {
        if (!parseSemver(version)) {
          throw new UsageError(
            `${option} must be a Codex version such as 0.169.0, got ${JSON.stringify(version)}`,
          );
        }
      }
      const layout = manifestLayout(manifestDir(ctx, flags));
      const read = (version: string) =>
        readArtifact(
          layout.union(version),
          UpstreamSnapshotUnionV2,
          `ccw codex-parity union --version ${version}`,
        );
      const diff = diffUnions(await read(flags.from), await read(flags.to));
      if (flags.json) {
        ctx.stdout.write(`${JSON.stringify(diff, null, 2)}\n`);
        return;
      }
      for (const unit of diff.removed) ctx.stdout.write(`- ${describeUnit(unit)}\n`);
      for (const unit of diff.added) ctx.stdout.write(`+ ${describeUnit(unit)}\n`);
      ctx.stderr.write(
        `Codex ${diff.from} → ${diff.to}: ${diff.removed.length} removed, ${diff.added.length} added\n`,
      );
    });
}

/** `ccw codex-parity schema` (docs/parity.md). */
function addSchemaCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("schema")
    .description(
      "print SCHEMA.json, the JSON Schema of the artifacts generated from ccw's zod schemas",
    )
    .option("--out <file>", "write it there instead, e.g. cli_manifests/codex/SCHEMA.json")
    .action(async (flags: { out?: string }) => {
      const [{ renderSchemaJson }, { writeArtifact }] = await Promise.all([
        import("../parity/schema-json.js"),
        import("../parity/manifest-layout.js"),
      ]);
      const text = renderSchemaJson();
      if (flags.out === undefined) {
        ctx.stdout.write(text);
        return;
      }
      const out = path.resolve(ctx.cwd, flags.out);
      await writeArtifact(out, text);
      ctx.stdout.write(`${display(ctx, out)}: written\n`);
    });
}

/** `ccw codex-parity validate` (docs/parity.md). */
function addValidateCommand(parity: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  parity
    .command("validate")
    .description(
      "check every artifact of the manifest folder; exit 0 clean, 1 violations, 66 no such folder",
    )
    .option("--json", "print {ok, violations} as JSON on stdout")
    .option(dirOption, dirHelp)
    .action(async (flags: { json?: boolean; dir?: string }) => {
      await validate(runtime, flags);
    });
  registerCodexParityUpdate(parity, runtime, (flags) => manifestDir(ctx, flags));
}

async function validate(
  runtime: CommandRuntime,
  flags: { json?: boolean; dir?: string },
): Promise<void> {
  const { ctx } = runtime;
  const { formatViolation, validateManifests } = await import("../parity/validate.js");
  const dir = manifestDir(ctx, flags);
  const violations = await validateManifests(dir);
  if (flags.json) {
    const listed = violations.map((v) => ({ ...v, file: display(ctx, v.file) }));
    ctx.stdout.write(
      `${JSON.stringify({ ok: violations.length === 0, violations: listed }, null, 2)}\n`,
    );
  } else {
    for (const violation of violations) {
      ctx.stdout.write(`${formatViolation(violation, (file) => display(ctx, file))}\n`);
    }
  }
  if (violations.length > 0) {
    ctx.stderr.write(
      `${ctx.style.red(`ccw: ${violations.length} parity violation${violations.length === 1 ? "" : "s"} in ${display(ctx, dir)}`)}\n`,
    );
    runtime.setExitCode(ExitCode.failed);
  } else if (!flags.json) {
    ctx.stdout.write(`${display(ctx, dir)}: valid\n`);
  }
}

function manifestDir(ctx: CliContext, flags: { dir?: string }): string {
  if (flags.dir !== undefined) return path.resolve(ctx.cwd, flags.dir);
  const local = path.join(ctx.cwd, "cli_manifests", "codex");
  if (existsSync(local)) return local;
  // The folder shipped inside ccw's package.
  return path.join(packageRoot(), "cli_manifests", "codex");
}

function rulesFile(ctx: CliContext, flags: DirFlags): string {
  return flags.rules !== undefined
    ? path.resolve(ctx.cwd, flags.rules)
    : path.join(manifestDir(ctx, flags), "RULES.json");
}

function display(ctx: CliContext, file: string): string {
  const relative = path.relative(ctx.cwd, file);
  return relative === ""
    ? "."
    : relative.startsWith("..") || path.isAbsolute(relative)
      ? file
      : relative;
}

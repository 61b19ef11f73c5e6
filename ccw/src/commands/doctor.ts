import type { RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import type { ReadinessCheck } from "../coordinator/readiness.js";
import { ExitCode } from "../errors.js";

interface DoctorFlags {
  codexBin?: string;
  json?: boolean;
}

/** `ccw doctor`: which Codex ccw would run, its version against the validated range, its probe. */
export const registerDoctorCommand: RegisterCommand = (program, runtime) => {
  const { ctx } = runtime;
  program
    .command("doctor")
    .description(
      "check the Codex CLI ccw would run: where it is, its version against the validated range, and which of ccw's flags it accepts",
    )
    .option("--codex-bin <path>", "check this Codex executable instead of the one ccw would find")
    .option("--json", "print the findings as one JSON document on stdout")
    .addHelpText(
      "after",
      "\nExit 0 when ccw can run this Codex (warnings go to stderr), 1 when every run would fail, 127 when no Codex is found.\nThe range comes from cli_manifests/codex/min_supported.txt and latest_validated.txt (docs/parity.md).",
    )
    .action(async (flags: DoctorFlags) => {
      const [binaryModule, { checkCodexVersion }, doctor] = await Promise.all([
        import("../tools/codex/codex-binary.js"),
        import("../parity/version-range.js"),
        import("../parity/doctor-report.js"),
      ]);
      const binary = binaryModule.resolveCodexBinary({
        ...(flags.codexBin === undefined ? {} : { explicit: flags.codexBin }),
        env: ctx.env,
        workspace: ctx.cwd,
      });
      const version = await binaryModule.probeCodexVersion(binary.path, { env: ctx.env });
      const capabilities = await binaryModule.probeCodexCapabilities(binary.path, { env: ctx.env });
      const report = doctor.buildDoctorReport({
        binary,
        version,
        range: checkCodexVersion(version.semver),
        capabilities,
      });
      const readiness = await runReadiness(ctx);
      if (flags.json) {
        ctx.stdout.write(
          `${JSON.stringify({ ...(doctor.doctorJson(report) as object), readiness }, null, 2)}\n`,
        );
      } else {
        ctx.stdout.write(doctor.renderDoctorText(report));
        ctx.stdout.write(renderReadiness(readiness));
        for (const warning of report.warnings) {
          ctx.stderr.write(`${ctx.style.yellow(`ccw: warning: ${warning}`)}\n`);
        }
        for (const problem of report.problems) {
          ctx.stderr.write(`${ctx.style.red(`ccw: problem: ${problem}`)}\n`);
        }
      }
      const broken = readiness.filter((check) => !check.ok && check.severity === "problem");
      if (report.problems.length > 0 || broken.length > 0) runtime.setExitCode(ExitCode.failed);
    });
};

/** What a coordinator run needs besides Codex: login, prompt pack, a writable workspace. */
async function runReadiness(ctx: CliContext): Promise<ReadinessCheck[]> {
  const [{ checkReadiness }, { defaultCodexHome }, { SESSIONS_DIR }, { resolveWorkspace }] =
    await Promise.all([
      import("../coordinator/readiness.js"),
      import("../tools/codex-prompt-registry.js"),
      import("../coordinator/session-paths.js"),
      import("../lib/fs/workspace.js"),
    ]);
  const workspace = await resolveWorkspace(ctx.cwd, undefined, [SESSIONS_DIR]);
  return checkReadiness({
    workspace,
    codexHome: defaultCodexHome(ctx.env, ctx.homedir),
    env: ctx.env,
  });
}

function renderReadiness(checks: readonly ReadinessCheck[]): string {
  const lines = checks.map(
    (check) =>
      `  ${check.ok ? "✓" : check.severity === "problem" ? "✗" : "!"} ${check.name}: ${check.detail}`,
  );
  return `\nwhat a run needs:\n${lines.join("\n")}\n`;
}

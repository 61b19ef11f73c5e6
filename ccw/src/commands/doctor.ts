import type { RegisterCommand } from "../command-runtime.js";
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
      if (flags.json) {
        ctx.stdout.write(`${JSON.stringify(doctor.doctorJson(report), null, 2)}\n`);
      } else {
        ctx.stdout.write(doctor.renderDoctorText(report));
        for (const warning of report.warnings) {
          ctx.stderr.write(`${ctx.style.yellow(`ccw: warning: ${warning}`)}\n`);
        }
        for (const problem of report.problems) {
          ctx.stderr.write(`${ctx.style.red(`ccw: problem: ${problem}`)}\n`);
        }
      }
      if (report.problems.length > 0) runtime.setExitCode(ExitCode.failed);
    });
};

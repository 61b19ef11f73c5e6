import path from "node:path";
import type { RegisterCommand } from "../command-runtime.js";
import { UsageError } from "../errors.js";
import type { EvidenceFs } from "../evidence/evidence-fs.js";

interface VerifyOptions {
  readonly json?: boolean;
  readonly root?: string;
}

/** `ccw evidence verify`: the evidence gate of docs/evidence-gate.md. */
export const registerEvidenceCommand: RegisterCommand = (program, runtime) => {
  const { ctx } = runtime;
  const evidence = program
    .command("evidence")
    .description("check the evidence tables of gap reports (docs/evidence-gate.md)");
  evidence
    .command("verify")
    .summary("check the evidence tables of Markdown files")
    .description(
      "Check every Implementation Pointers (Evidence) table in the given Markdown files: pointers, status, docs and ts evidence, and the Verify cell (run without a shell). Exit 0 when every row passes, 1 when a row fails, 2 when a file has no evidence table or cannot be read.",
    )
    .argument("<files...>", "Markdown files, or folders whose .md files are all checked")
    .option("--json", "print the result as one JSON document on stdout")
    .option(
      "--root <dir>",
      "the repository root; every path in a table must resolve inside it (default: the nearest folder at or above the current one holding .git, else the current folder)",
    )
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  ccw evidence verify docs/gap-reports",
        "  ccw evidence verify docs/gap-reports/codex-coordinator.md --json",
        "",
        "Rules, output and exit codes: docs/evidence-gate.md",
      ].join("\n"),
    )
    .action(async (files: string[], options: VerifyOptions) => {
      // Loaded on use, so other commands do not pay for the gate (a lazy chunk of the bundle).
      const [
        { nodeEvidenceFs },
        { renderJson, renderText },
        { findRepositoryRoot },
        { verifyEvidence },
      ] = await Promise.all([
        import("../evidence/evidence-fs.js"),
        import("../evidence/render.js"),
        import("../evidence/repo-root.js"),
        import("../evidence/verify-evidence.js"),
      ]);
      const root = await resolveRoot(ctx.cwd, options.root, nodeEvidenceFs, findRepositoryRoot);
      const report = await verifyEvidence({
        root,
        files: files.map((file) => path.resolve(ctx.cwd, file)),
        fs: nodeEvidenceFs,
      });
      if (options.json) {
        ctx.stdout.write(renderJson(report));
      } else {
        const text = renderText(report);
        ctx.stdout.write(text.stdout);
        ctx.stderr.write(text.stderr);
      }
      runtime.setExitCode(report.exit_code);
    });
};

async function resolveRoot(
  cwd: string,
  root: string | undefined,
  fs: EvidenceFs,
  findRepositoryRoot: (cwd: string, fs: EvidenceFs) => Promise<string>,
): Promise<string> {
  if (root === undefined) return findRepositoryRoot(cwd, fs);
  const absolute = path.resolve(cwd, root);
  const stats = await fs.stat(absolute).catch(() => undefined);
  if (stats?.isDirectory()) return absolute;
  throw new UsageError(`--root ${root}: ${stats ? "not a folder" : "no such folder"}`, {
    hint: "Give the repository root that the evidence tables' paths are relative to.",
  });
}

import path from "node:path";
import type { Command } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import { OperationFailedError } from "../errors.js";
import type { InstallAction, InstallStep } from "../workflow/install-pack.js";
import type { PackFile, PackPart } from "../workflow/pack.js";

interface PackFlags {
  codex?: boolean;
  claude?: boolean;
  project?: boolean;
  source?: string;
}

interface InstallFlags extends PackFlags {
  dryRun?: boolean;
  force?: boolean;
  json?: boolean;
}

/** `ccw workflow install|list|diff`: the prompt pack and the /codex-coordinator command. */
export const registerWorkflowCommand: RegisterCommand = (program, runtime) => {
  const workflow = program
    .command("workflow")
    .description(
      "install the Codex prompt pack and the /codex-coordinator slash command, and compare them with what is installed",
    );

  packOptions(
    workflow
      .command("install")
      .description(
        "copy the prompt pack to $CODEX_HOME/prompts and /codex-coordinator to Claude Code's commands; identical files are skipped",
      ),
  )
    .option("--dry-run", "show what would happen, write nothing")
    .option(
      "--force",
      "replace installed files that differ from the pack (each is first backed up as <file>.<time>.bak)",
    )
    .option("--json", "print the result as JSON")
    .action(async (flags: InstallFlags) => install(flags, runtime));

  packOptions(
    workflow
      .command("list")
      .description("show each file of the pack, where it goes, and whether it is installed"),
  )
    .option("--json", "print the list as JSON")
    .action(async (flags: PackFlags & { json?: boolean }) => list(flags, runtime));

  packOptions(
    workflow
      .command("diff")
      .description(
        "show how the installed files differ from the pack (exit 1 when something differs or is missing)",
      ),
  )
    .option("--json", "print each file's state and diff as JSON")
    .action(async (flags: PackFlags & { json?: boolean }) => diff(flags, runtime));
};

function packOptions(command: Command): Command {
  return command
    .option("--codex", "only the Codex prompt pack ($CODEX_HOME/prompts, default ~/.codex/prompts)")
    .option("--claude", "only the Claude Code slash command")
    .option(
      "--project",
      "the slash command goes to <cwd>/.claude/commands instead of ~/.claude/commands",
    )
    .option(
      "--source <dir>",
      "install from this folder (with .codex/prompts and .claude/commands) instead of ccw's package",
    );
}

async function loadPack(flags: PackFlags, runtime: CommandRuntime): Promise<PackFile[]> {
  const { ctx } = runtime;
  const { readPack, packLocations } = await import("../workflow/pack.js");
  const { packageRoot } = await import("../package-info.js");
  const parts: PackPart[] =
    flags.codex === flags.claude ? ["codex", "claude"] : flags.codex ? ["codex"] : ["claude"];
  const sourceRoot =
    flags.source === undefined ? packageRoot() : path.resolve(ctx.cwd, flags.source);
  return readPack(packLocations({ ...ctx, sourceRoot, project: flags.project }), parts);
}

const ACTION_LABEL: Record<InstallAction, { done: string; planned: string }> = {
  install: { done: "installed", planned: "would install" },
  skip: { done: "unchanged", planned: "unchanged" },
  replace: { done: "replaced", planned: "would replace" },
  refuse: { done: "differs", planned: "differs" },
};

async function install(flags: InstallFlags, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const { planInstall, refusesAny, applyInstall } = await import("../workflow/install-pack.js");
  const { displayPath } = await import("../lib/fs/display-path.js");
  const plan = planInstall(await loadPack(flags, runtime), { force: flags.force });
  const refused = refusesAny(plan);
  const steps = flags.dryRun || refused ? plan : await applyInstall(plan);
  const planned = flags.dryRun === true || refused;
  const shown = (file: string) => displayPath(file, ctx);

  if (flags.json) {
    const files = steps.map(({ file, action, backup }) => ({
      part: file.part,
      name: file.name,
      target: file.target,
      action,
      ...(backup === undefined ? {} : { backup }),
    }));
    ctx.stdout.write(`${JSON.stringify({ dry_run: planned, files, summary: count(steps) })}\n`);
  } else {
    for (const [heading, group] of groups(steps, (step) => step.file, shown)) {
      ctx.stdout.write(`${heading}\n`);
      for (const step of group) {
        const label = ACTION_LABEL[step.action][planned ? "planned" : "done"];
        const backup =
          step.backup === undefined ? "" : ` (old file kept as ${path.basename(step.backup)})`;
        ctx.stdout.write(`  ${label.padEnd(13)} ${step.file.name}${backup}\n`);
      }
    }
    const prefix = flags.dryRun ? "Dry run: " : refused ? "Nothing written: " : "";
    ctx.stdout.write(`${prefix}${summaryLine(steps, planned)}\n`);
  }
  if (refused) {
    const differing = steps.filter((step) => step.action === "refuse").length;
    throw new OperationFailedError(
      `${differing} installed file${differing === 1 ? "" : "s"} differ${differing === 1 ? "s" : ""} from the pack; nothing was written`,
      {
        hint: "See the differences with `ccw workflow diff`, then run `ccw workflow install --force` to replace them (each old file is kept as <file>.<time>.bak).",
      },
    );
  }
}

async function list(flags: PackFlags & { json?: boolean }, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const { displayPath } = await import("../lib/fs/display-path.js");
  const files = await loadPack(flags, runtime);
  if (flags.json) {
    const rows = files.map(({ part, name, source, target, state }) => ({
      part,
      name,
      source,
      target,
      state,
    }));
    ctx.stdout.write(`${JSON.stringify({ files: rows })}\n`);
    return;
  }
  const shown = (file: string) => displayPath(file, ctx);
  for (const [heading, group] of groups(files, (file) => file, shown)) {
    ctx.stdout.write(`${heading}\n`);
    for (const file of group) {
      const state =
        file.state === "identical" ? "installed" : file.state === "differs" ? "differs" : "missing";
      ctx.stdout.write(`  ${state.padEnd(10)} ${file.name}\n`);
    }
  }
}

async function diff(flags: PackFlags & { json?: boolean }, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const { displayPath } = await import("../lib/fs/display-path.js");
  const { unifiedDiff } = await import("../workflow/text-diff.js");
  const files = await loadPack(flags, runtime);
  const shown = (file: string) => displayPath(file, ctx);
  if (flags.json) {
    // The shape docs/claude-code.md documents: one entry per file of the pack.
    const entries = files.map((file) => ({
      name: file.name,
      part: file.part,
      source: file.source,
      target: file.target,
      state: file.state,
      diff:
        file.state === "differs"
          ? unifiedDiff({ before: file.target, after: file.source }, file.installed, file.content)
          : null,
    }));
    ctx.stdout.write(`${JSON.stringify({ files: entries }, null, 2)}\n`);
    if (files.some((file) => file.state !== "identical")) runtime.setExitCode(1);
    return;
  }
  let differing = 0;
  for (const file of files) {
    if (file.state === "identical") continue;
    differing++;
    if (file.state === "missing") {
      ctx.stdout.write(`not installed: ${shown(file.target)}\n`);
      continue;
    }
    const names = { before: shown(file.target), after: shown(file.source) };
    ctx.stdout.write(unifiedDiff(names, file.installed, file.content, ctx.outStyle));
  }
  if (differing === 0) {
    ctx.stdout.write(`All ${files.length} installed files match the pack.\n`);
    return;
  }
  ctx.stderr.write(
    `${differing} of ${files.length} files differ from the pack or are missing; \`ccw workflow install\` installs the missing ones (add --force to replace the others).\n`,
  );
  runtime.setExitCode(1);
}

/** Items grouped by pack part, each group headed by where its files go. */
function groups<T>(
  items: readonly T[],
  fileOf: (item: T) => PackFile,
  shown: (file: string) => string,
): [string, T[]][] {
  const result = new Map<string, T[]>();
  for (const item of items) {
    const file = fileOf(item);
    const title = file.part === "codex" ? "Codex prompts" : "Claude Code commands";
    const heading = `${title} → ${shown(path.dirname(file.target))}`;
    result.set(heading, [...(result.get(heading) ?? []), item]);
  }
  return [...result];
}

function count(steps: readonly InstallStep[]): Record<InstallAction, number> {
  const counts: Record<InstallAction, number> = { install: 0, skip: 0, replace: 0, refuse: 0 };
  for (const step of steps) counts[step.action]++;
  return counts;
}

function summaryLine(steps: readonly InstallStep[], planned: boolean): string {
  const counts = count(steps);
  const parts = [
    `${counts.install} ${planned ? "to install" : "installed"}`,
    `${counts.replace} ${planned ? "to replace" : "replaced"}`,
    `${counts.skip} unchanged`,
  ];
  if (counts.refuse > 0) parts.push(`${counts.refuse} differ (refused without --force)`);
  return `${parts.join(", ")}.`;
}

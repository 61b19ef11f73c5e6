import type { RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { displayPath } from "../lib/fs/display-path.js";
import { resolveWorkspace } from "../lib/fs/workspace.js";
import type { ClaudeCommand, CommandRegistry } from "../tools/command-registry.js";
import { writeDiagnostics } from "../tools/registry/diagnostic.js";
import { printTable } from "./print-table.js";

/** `ccw commands list`: the Claude slash commands the CommandRegistry finds. */
export const registerCommandsCommand: RegisterCommand = (program, runtime) => {
  const { ctx } = runtime;
  const commands = program
    .command("commands")
    .description("list Claude Code slash commands (.claude/commands of the project and the user)");
  commands
    .command("list")
    .description(
      "List the slash commands of <workspace>/.claude/commands and ~/.claude/commands (a project command hides a user command of the same name); problems with command files are printed as warnings on stderr.",
    )
    .option("--json", "print {commands, diagnostics} as JSON on stdout")
    .option(
      "--cd <dir>",
      "the workspace whose .claude/commands is read (default: the current folder)",
    )
    .addHelpText(
      "after",
      "\nExamples:\n  ccw commands list\n  ccw commands list --json\n\nNames follow folders: .claude/commands/workflow/lite-plan.md is /workflow:lite-plan.\nDetails: docs/prompts.md",
    )
    .action(async (options: { json?: boolean; cd?: string }) => {
      const registry = await openRegistry(ctx, options.cd);
      const listing = await registry.list();
      if (options.json) {
        const json = {
          commands: listing.commands.map(commandJson),
          diagnostics: listing.diagnostics.map((d) => ({
            file: d.file,
            line: d.line ?? null,
            message: d.message,
          })),
        };
        ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      if (listing.commands.length > 0) await printTable(commandRows(listing.commands), ctx);
      writeDiagnostics(ctx, listing.diagnostics);
      const where = `${displayPath(registry.projectDir, { cwd: ctx.cwd })}, ${displayPath(registry.userDir, { cwd: ctx.cwd })}`;
      const count = listing.commands.length;
      const project = listing.commands.filter((command) => command.source === "project").length;
      ctx.stderr.write(
        `${ctx.style.dim(
          count === 0
            ? `No commands found in ${where}.`
            : `${count} command${count === 1 ? "" : "s"}: ${project} from the project, ${count - project} from the user (${where})`,
        )}\n`,
      );
    });
};

async function openRegistry(ctx: CliContext, cd: string | undefined): Promise<CommandRegistry> {
  const workspace = await resolveWorkspace(ctx.cwd, cd);
  const { CommandRegistry } = await import("../tools/command-registry.js");
  return new CommandRegistry({ workspace, homedir: ctx.homedir });
}

function commandJson(command: ClaudeCommand) {
  return {
    name: command.name,
    description: command.description ?? null,
    argumentHint: command.argumentHint ?? null,
    allowedTools: command.allowedTools,
    model: command.model ?? null,
    group: command.group ?? null,
    source: command.source,
    path: command.path,
    shadows: command.shadows ?? null,
  };
}

function commandRows(list: readonly ClaudeCommand[]): string[][] {
  return [
    ["NAME", "SOURCE", "ARGUMENTS", "DESCRIPTION"],
    ...list.map((command) => [
      command.name,
      command.shadows ? "project (hides user)" : command.source,
      command.argumentHint ?? "",
      command.description ?? "",
    ]),
  ];
}

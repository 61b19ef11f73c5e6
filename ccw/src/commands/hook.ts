import { Option } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { OperationFailedError, UsageError } from "../errors.js";
import type { SettingsChange } from "../hook/claude-settings.js";
import type { HookIo, HookOutcome } from "../hook/hook-outcome.js";

interface ParseStatusFlags {
  path?: string;
  stdin?: boolean;
  json?: boolean;
}

interface InstallFlags {
  project?: boolean;
  local?: boolean;
  user?: boolean;
  dryRun?: boolean;
  force?: boolean;
  statusline: boolean;
  ccwCommand: string;
  json?: boolean;
}

/** `ccw hook parse-status|statusline|session-context|install`: Claude Code hooks and status line. */
export const registerHookCommand: RegisterCommand = (program, runtime) => {
  const hook = program
    .command("hook")
    .description("Claude Code integration: status hooks, the status line, and installing them");

  hook
    .command("parse-status")
    .description(
      "print one line (session, workflow, status, progress, current and next step) for a ccw status.json or state.json",
    )
    .option("--path <file>", "the status file to read (errors are reported, exit 1)")
    .option(
      "--stdin",
      "read Claude Code's hook JSON on stdin (tool_input.file_path); anything it does not handle prints nothing, exit 0",
    )
    .option("--json", "print the same facts as one JSON object")
    .addHelpText(
      "after",
      "\nHandles <…>/{.ccw,.ccw-coordinator,.ccw-debug,.codex-coordinator}/<session-id>/{status,state}.json.\nSee docs/claude-code.md.",
    )
    .action(async (flags: ParseStatusFlags) => {
      const { parseStatus } = await import("../hook/parse-status.js");
      report(await parseStatus(flags, await hookIo(runtime)), runtime);
    });

  hook
    .command("statusline")
    .description(
      "read Claude Code's status-line JSON on stdin and print one line for the newest running or waiting coordinator session, or nothing",
    )
    .action(async () => {
      const { statusline } = await import("../hook/statusline.js");
      report(await statusline(await hookIo(runtime)), runtime);
    });

  hook
    .command("session-context")
    .description(
      "Claude Code's SessionStart hook: read its JSON on stdin and print the workspace's unfinished coordinator sessions with the command that continues each, or nothing (always exit 0)",
    )
    .action(async () => {
      const { sessionContext } = await import("../hook/session-context.js");
      report(await sessionContext(await hookIo(runtime)), runtime);
    });

  hook
    .command("install")
    .description(
      "add ccw's SessionStart hook and statusLine to Claude Code's settings.json (and remove the PostToolUse hook of earlier versions), keeping everything else there",
    )
    .addOption(
      new Option("--project", "edit <cwd>/.claude/settings.json (the default)").conflicts([
        "local",
        "user",
      ]),
    )
    .addOption(
      new Option("--local", "edit <cwd>/.claude/settings.local.json (not committed)").conflicts(
        "user",
      ),
    )
    .option("--user", "edit ~/.claude/settings.json ($CLAUDE_CONFIG_DIR/settings.json when set)")
    .option("--dry-run", "show the diff, write nothing")
    .option("--force", "replace a statusLine that runs another command")
    .option("--no-statusline", "install only the SessionStart hook, leave the statusLine alone")
    .option("--ccw-command <command>", "how the hook starts ccw", "ccw")
    .option("--json", "print the file, whether it was written, and each change as JSON")
    .action(async (flags: InstallFlags) => install(flags, runtime));
};

async function install(flags: InstallFlags, runtime: CommandRuntime): Promise<void> {
  const { ctx } = runtime;
  const ccwCommand = flags.ccwCommand.trim();
  if (ccwCommand === "") {
    // Claude Code would run " hook statusline": the program `hook`, not ccw.
    throw new UsageError("--ccw-command is empty", {
      hint: "Give the command that starts ccw, such as ccw or 'node /path/to/ccw/bin/ccw.js'.",
    });
  }
  const { installClaudeSettings, settingsPath, isOnPath } = await import(
    "../hook/install-settings.js"
  );
  const { displayPath } = await import("../lib/fs/display-path.js");
  const scope = flags.user ? "user" : flags.local ? "local" : "project";
  const file = settingsPath(scope, ctx);
  const shown = displayPath(file, ctx);
  const result = await installClaudeSettings(file, {
    ccw: ccwCommand,
    statusLine: flags.statusline,
    force: flags.force,
    dryRun: flags.dryRun,
    label: shown,
    style: ctx.outStyle,
  });
  if (flags.json) {
    const { changes, changed } = result.merge;
    const json = { file, changed, written: result.written, changes };
    ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else writeInstallResult(ctx, result, shown);
  const executable = ccwCommand.split(/\s+/)[0] ?? "";
  if (result.merge.changed && !(await isOnPath(executable, ctx.env))) {
    ctx.stderr.write(
      `${ctx.style.yellow(`ccw: warning: \`${executable}\` is not on PATH, so Claude Code cannot run these commands`)}\n` +
        "Install ccw globally (npm install -g ccw-codex), or run again with --ccw-command 'node /path/to/ccw/bin/ccw.js'.\n",
    );
  }
}

function writeInstallResult(
  ctx: CliContext,
  result: {
    merge: { changes: readonly SettingsChange[]; changed: boolean };
    diff?: string;
    written: boolean;
  },
  shown: string,
): void {
  for (const change of result.merge.changes) ctx.stdout.write(`${describeChange(change)}\n`);
  if (result.diff) ctx.stdout.write(`\n${result.diff}\n`);
  if (result.written) ctx.stdout.write(`Wrote ${shown}.\n`);
  else if (!result.merge.changed)
    ctx.stdout.write(`${shown} already has everything; nothing to change.\n`);
  else ctx.stdout.write(`Dry run: ${shown} was not written.\n`);
}

function describeChange(change: SettingsChange): string {
  switch (change.kind) {
    case "hook-added":
      return `+ ${change.event} hook: ${change.command}`;
    case "hook-present":
      return `= ${change.event} hook already there: ${change.command}`;
    case "legacy-hook-removed":
      return `- PostToolUse hook (matcher ${change.matcher}) of an earlier ccw, which never fired for coordinator progress: ${change.command}`;
    case "status-line-added":
      return `+ statusLine: ${change.command}`;
    case "status-line-present":
      return `= statusLine already runs ccw: ${change.command}`;
    case "status-line-refresh-added":
      return `~ statusLine: ${change.command}, now redrawn every ${change.seconds}s too`;
    case "status-line-replaced":
      return `~ statusLine: ${change.command} (was: ${change.previous})`;
    case "status-line-conflict":
      return `! statusLine runs another command: ${change.existing}`;
  }
}

async function hookIo(runtime: CommandRuntime): Promise<HookIo> {
  const { nodeHookFs } = await import("../hook/read-status.js");
  const { streamReader } = await import("../hook/hook-input.js");
  const { nodeProcessProbe } = await import("../hook/fast-entry.js");
  return {
    cwd: runtime.ctx.cwd,
    readStdin: streamReader(runtime.ctx.stdin),
    fs: nodeHookFs,
    processes: nodeProcessProbe,
  };
}

/** Prints a hook outcome the way the fast path does; failures become ccw errors. */
function report(outcome: HookOutcome, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  switch (outcome.kind) {
    case "print":
      ctx.stdout.write(outcome.text);
      return;
    case "silent":
      if (ctx.env.CCW_DEBUG === "1" && outcome.debug) {
        ctx.stderr.write(`ccw: debug: ${outcome.debug}\n`);
      }
      return;
    case "fail":
      if (outcome.exitCode === 2) throw new UsageError(outcome.message, { hint: outcome.hint });
      throw new OperationFailedError(outcome.message, { hint: outcome.hint });
  }
}

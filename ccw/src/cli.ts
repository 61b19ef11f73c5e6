import { Command, CommanderError } from "commander";
import type { CommandRuntime, RegisterCommand } from "./command-runtime.js";
import { registerCliCommand } from "./commands/cli.js";
import { registerCodexCommand } from "./commands/codex.js";
import { registerCodexParityCommand } from "./commands/codex-parity.js";
import { registerCommandsCommand } from "./commands/commands.js";
import { registerConfigCommand } from "./commands/config.js";
import { registerCoordinatorCommand } from "./commands/coordinator.js";
import { registerCoordinatorCheckpointCommands } from "./commands/coordinator-checkpoints.js";
import { registerDemoCommand } from "./commands/demo.js";
import { registerDevCommand } from "./commands/dev.js";
import { registerDoctorCommand } from "./commands/doctor.js";
import { registerEvidenceCommand } from "./commands/evidence.js";
import { registerHookCommand } from "./commands/hook.js";
import { registerViewCommand } from "./commands/view.js";
import { registerWorkflowCommand } from "./commands/workflow.js";
import { type CliContext, processContext } from "./context.js";
import { ExitCode } from "./errors.js";
import { terminalColumns } from "./lib/text/terminal-columns.js";
import { createStyler } from "./output.js";
import { packageVersion } from "./package-info.js";
import { registerCompletionCommand } from "./program/completion.js";
import { refuseEmptyPaths } from "./program/empty-paths.js";
import { quietOnBrokenOutput, reportFailure } from "./program/report-failure.js";

/** Every top-level command by name, in the order `ccw --help` lists them. */
const COMMANDS: readonly (readonly [string, RegisterCommand])[] = [
  ["coordinator", registerCoordinatorCommand],
  ["coordinator", registerCoordinatorCheckpointCommands],
  ["demo", registerDemoCommand],
  ["view", registerViewCommand],
  ["cli", registerCliCommand],
  ["codex", registerCodexCommand],
  ["commands", registerCommandsCommand],
  ["workflow", registerWorkflowCommand],
  ["hook", registerHookCommand],
  ["evidence", registerEvidenceCommand],
  ["codex-parity", registerCodexParityCommand],
  ["doctor", registerDoctorCommand],
  ["config", registerConfigCommand],
  ["completion", registerCompletionCommand],
  ["dev", registerDevCommand],
];

/**
 * The command `args` runs, when it names one and needs no other: then only that command is
 * built, which saves every run the definitions of the other fourteen. Help, `help`, a
 * misspelled name (its suggestion needs every name) and `completion` (which describes the whole
 * program) get them all.
 */
function onlyCommand(args: readonly string[]): string | undefined {
  const [first] = args;
  if (first === undefined || first === "completion") return undefined;
  return COMMANDS.some(([name]) => name === first) ? first : undefined;
}

/** Builds the commander program for one invocation (with `only`, that command alone). */
export function buildProgram(runtime: CommandRuntime, only?: string): Command {
  const { ctx } = runtime;
  const program = new Command("ccw")
    .description(
      "Claude-Code-Workflow: drive the OpenAI Codex CLI through chains of reusable prompts",
    )
    .version(
      `ccw-codex ${packageVersion()}`,
      "-V, --version",
      "print ccw's package name and version",
    )
    .helpOption("-h, --help", "show help for a command")
    // Taken out of argv by main() wherever it stands; declared here so that --help lists it.
    .option("--no-color", "no colour in any output, as NO_COLOR=1 (allowed after any command)")
    .helpCommand("help [command]", "show help for a command")
    .showSuggestionAfterError(true)
    // Wrap descriptions even on a narrow terminal (commander stops wrapping below 40 columns).
    .configureHelp({ minWidthToWrap: 20 })
    // Options of the program (-V, -h) count only before the subcommand, so subcommands may have
    // options of the same name (`ccw codex-parity union --version 0.169.0`).
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => ctx.stdout.write(text),
      writeErr: (text) => ctx.stderr.write(text),
      getOutHasColors: () => ctx.outStyle.enabled,
      // Help wraps to the terminal it is written to (80 columns when that is no terminal).
      getOutHelpWidth: () => terminalColumns(ctx.stdout) ?? 80,
      getErrHelpWidth: () => terminalColumns(ctx.stderr) ?? 80,
      getErrHasColors: () => ctx.style.enabled,
      outputError: (text, write) => write(ctx.style.red(`ccw: ${text}`)),
    });
  for (const [name, register] of COMMANDS) {
    if (only === undefined || name === only) register(program, runtime);
  }
  program.hook("preAction", (_program, action) => refuseEmptyPaths(action));
  // Every command, however deep, reports usage errors through exitOverride (exit 2, no stack).
  const configure = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

/** Runs ccw with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[], given: CliContext): Promise<number> {
  const { args, ctx } = withColorFlag(argv, given);
  let exitCode: number = ExitCode.ok;
  const runtime: CommandRuntime = {
    ctx,
    setExitCode(code) {
      exitCode = code;
    },
  };
  try {
    await buildProgram(runtime, onlyCommand(args)).parseAsync(args, { from: "user" });
    return exitCode;
  } catch (error) {
    return reportError(error, ctx);
  }
}

/**
 * `--no-color` anywhere before a `--` turns colour off for the whole run, as `NO_COLOR=1` does;
 * it is taken out of argv, so every command accepts it without declaring it.
 */
function withColorFlag(
  argv: readonly string[],
  ctx: CliContext,
): { args: string[]; ctx: CliContext } {
  const end = argv.indexOf("--");
  const before = end === -1 ? [...argv] : argv.slice(0, end);
  const kept = before.filter((arg) => arg !== "--no-color");
  const args = end === -1 ? kept : [...kept, ...argv.slice(end)];
  if (kept.length === before.length) return { args, ctx };
  const env = { ...ctx.env, NO_COLOR: "1" };
  return {
    args,
    ctx: {
      ...ctx,
      env,
      style: createStyler(ctx.stderr, env),
      outStyle: createStyler(ctx.stdout, env),
    },
  };
}

function reportError(error: unknown, ctx: CliContext): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help or the version).
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
      return ExitCode.ok;
    }
    // `ccw help [command]` asked for help (0); a command group without its subcommand printed
    // its help on stderr as the error (2).
    if (error.code === "commander.help" && error.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  return reportFailure(error, ctx);
}

/** The process entry used by ccw/bin/ccw.js. */
export async function run(): Promise<void> {
  quietOnBrokenOutput();
  process.exitCode = await main(process.argv.slice(2), processContext());
}

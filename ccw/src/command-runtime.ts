import type { Command } from "commander";
import type { CliContext } from "./context.js";

/** What a command's action gets besides its options: the outside world and its exit code. */
export interface CommandRuntime {
  readonly ctx: CliContext;
  /** Sets the process exit code for a result that is not an error (e.g. a failed Codex run). */
  setExitCode(code: number): void;
}

/** Adds one top-level command (and its subcommands) to the program. */
export type RegisterCommand = (program: Command, runtime: CommandRuntime) => void;

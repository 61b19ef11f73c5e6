import type { Command } from "commander";
import { UsageError } from "../errors.js";

/** Option and argument placeholders that stand for a path. */
const PATH_OPTION = /<(dir|file|path|folder)>/;
const PATH_ARGUMENT = /^(dir|file|path|folder|files)$/;

/**
 * Refuses an empty value for every option and argument of `command` that takes a path. Node
 * resolves "" to the current folder, so `--cd "$DIR"` with DIR unset would silently act on
 * the current folder (and `--codex-bin ""` would fall back to another Codex).
 */
export function refuseEmptyPaths(command: Command): void {
  for (const option of command.options) {
    if (!PATH_OPTION.test(option.flags)) continue;
    const value: unknown = command.getOptionValue(option.attributeName());
    if (value === "" || (Array.isArray(value) && value.includes(""))) {
      throw emptyPath(option.long ?? option.flags);
    }
  }
  command.registeredArguments.forEach((argument, index) => {
    if (!PATH_ARGUMENT.test(argument.name())) return;
    const value: unknown = command.processedArgs[index];
    if (value === "" || (Array.isArray(value) && value.includes(""))) {
      throw emptyPath(`<${argument.name()}>`);
    }
  });
}

function emptyPath(name: string): UsageError {
  return new UsageError(`${name} needs a path, and got an empty value`, {
    hint: "Give the path (a shell variable that is not set expands to nothing).",
  });
}

import { isHookInput, parseJsonInput } from "./hook-input.js";
import type { HookIo, HookOutcome } from "./hook-outcome.js";
import { type ReadStatusResult, readStatusFile, resolvePath } from "./read-status.js";
import { classifyStatusPath, STATUS_FOLDERS, type StatusPath } from "./status-path.js";
import { formatStatusLine } from "./status-summary.js";

/** The options of `ccw hook parse-status`. */
export interface ParseStatusOptions {
  readonly path?: string;
  readonly stdin?: boolean;
  readonly json?: boolean;
}

const FOLDER_LIST = Object.keys(STATUS_FOLDERS)
  .map((folder) => `${folder}/`)
  .join(", ");

/**
 * `ccw hook parse-status`: one line (or JSON) for a status file named by `--path`, or by the
 * Claude Code hook JSON on stdin with `--stdin`. In `--stdin` mode every problem is silent
 * (exit 0), because a hook must never break the host; with `--path` it is a clear error.
 */
export async function parseStatus(options: ParseStatusOptions, io: HookIo): Promise<HookOutcome> {
  if (options.path !== undefined && options.stdin) {
    return usage("use either --path <file> or --stdin, not both");
  }
  if (options.path === "") return usage("--path needs a path, and got an empty value");
  if (options.path !== undefined) return parseStatusPath(options.path, options.json === true, io);
  if (options.stdin) {
    try {
      const text = await io.readStdin();
      if (text === undefined) {
        return usage(
          "--stdin reads the JSON Claude Code passes to a hook, but stdin is a terminal",
        );
      }
      return await parseStatusStdin(text, options.json === true, io);
    } catch (error) {
      return { kind: "silent", debug: `parse-status --stdin: ${String(error)}` };
    }
  }
  return usage("ccw hook parse-status needs --path <file> or --stdin");
}

async function parseStatusPath(file: string, json: boolean, io: HookIo): Promise<HookOutcome> {
  const absolute = resolvePath(io.cwd, file);
  const target = classifyStatusPath(absolute);
  if (target === undefined) {
    return {
      kind: "fail",
      exitCode: 1,
      message: `${file} is not a ccw status file`,
      hint: `Give a status.json or state.json in a session folder under ${FOLDER_LIST}, e.g. .workflow/.codex-coordinator/<session-id>/status.json.`,
    };
  }
  const result = await readStatusFile(target, io.fs);
  if (result.kind === "ok") return { kind: "print", text: render(result, target, json) };
  return { kind: "fail", exitCode: 1, ...failure(file, result) };
}

async function parseStatusStdin(text: string, json: boolean, io: HookIo): Promise<HookOutcome> {
  const input = parseJsonInput(text, isHookInput);
  if (input === undefined) return { kind: "silent", debug: "stdin is not a Claude Code hook JSON" };
  const file = input.tool_input?.file_path;
  if (!file) return { kind: "silent", debug: "the hook input has no tool_input.file_path" };
  const target = classifyStatusPath(resolvePath(resolvePath(io.cwd, input.cwd ?? "."), file));
  if (target === undefined) return { kind: "silent", debug: `not a ccw status file: ${file}` };
  const result = await readStatusFile(target, io.fs);
  if (result.kind === "ok") return { kind: "print", text: render(result, target, json) };
  return { kind: "silent", debug: failure(file, result).message };
}

function render(
  result: Extract<ReadStatusResult, { kind: "ok" }>,
  target: StatusPath,
  json: boolean,
): string {
  if (!json) return `${formatStatusLine(result.summary)}\n`;
  return `${JSON.stringify({ ...result.summary, file: target.file, format: result.format })}\n`;
}

function failure(
  file: string,
  result: Exclude<ReadStatusResult, { kind: "ok" }>,
): { message: string; hint: string } {
  switch (result.kind) {
    case "missing":
      return {
        message: `cannot read ${file}: no such file`,
        hint: "Check the path; `ccw coordinator list` shows the sessions of this workspace.",
      };
    case "unreadable":
      return {
        message: `cannot read ${file}: ${result.reason}`,
        hint: "Check that it is a readable file.",
      };
    case "invalid":
      return {
        message: `${file} is not a valid status file: ${result.reason}`,
        hint: "The file was left as it is. docs/claude-code.md lists the formats ccw reads.",
      };
  }
}

function usage(message: string): HookOutcome {
  return {
    kind: "fail",
    exitCode: 2,
    message,
    hint: "Usage: ccw hook parse-status (--path <file> | --stdin) [--json]",
  };
}

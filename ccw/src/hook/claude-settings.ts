/**
 * Merging ccw's PostToolUse hook and status line into a Claude Code settings.json, as a pure
 * function of the file's text. Claude Code's format:
 * `hooks.PostToolUse: [{ matcher, hooks: [{ type: "command", command }] }]` and
 * `statusLine: { type: "command", command }`. Everything else in the file is kept as it is.
 */
import * as z from "zod";
import { InvalidDataError } from "../errors.js";
import { isRecord } from "../lib/json/json-checks.js";
import { jsonDepthProblem } from "../lib/json/json-depth.js";
import { jsonErrorReason, lineColumnAt, syntaxErrorOffset } from "../lib/json/json-location.js";

/** The tools whose writes the hook watches (Claude Code matchers are regular expressions). */
export const HOOK_MATCHER = "Write|Edit|MultiEdit";

/** The two commands ccw installs, for a given way of starting ccw (default `ccw`). */
export function ccwCommands(ccw = "ccw"): { hook: string; statusLine: string } {
  return { hook: `${ccw} hook parse-status --stdin`, statusLine: `${ccw} hook statusline` };
}

const HookEntrySchema = z.looseObject({ type: z.string().optional(), command: z.unknown() });
const MatcherGroupSchema = z.looseObject({
  matcher: z.string().optional(),
  hooks: z.array(HookEntrySchema),
});
const SettingsSchema = z.looseObject({
  hooks: z.looseObject({ PostToolUse: z.array(MatcherGroupSchema).optional() }).optional(),
  statusLine: z.looseObject({ type: z.string().optional(), command: z.unknown() }).optional(),
});

/** What to install. */
export interface SettingsInstallOptions {
  /** How the commands start ccw, e.g. `ccw` or `node /opt/ccw/bin/ccw.js`. */
  readonly ccw?: string;
  /** Install the statusLine too (default true). */
  readonly statusLine?: boolean;
  /** Replace a statusLine that runs another command. */
  readonly force?: boolean;
}

/** One thing the merge did or found, for the summary. */
export type SettingsChange =
  | { readonly kind: "hook-added"; readonly command: string; readonly matcher: string }
  | { readonly kind: "hook-present"; readonly command: string; readonly matcher: string | null }
  /** ccw's hook was there with another command (another way of starting ccw): repaired. */
  | { readonly kind: "hook-updated"; readonly command: string; readonly previous: string }
  | { readonly kind: "status-line-added"; readonly command: string }
  | { readonly kind: "status-line-present"; readonly command: string }
  | { readonly kind: "status-line-updated"; readonly command: string; readonly previous: string }
  | { readonly kind: "status-line-replaced"; readonly command: string; readonly previous: string }
  | { readonly kind: "status-line-conflict"; readonly command: string; readonly existing: string };

/** The merge's result: the new text (equal to the old one when nothing changes). */
export interface SettingsMerge {
  readonly text: string;
  readonly changed: boolean;
  readonly changes: readonly SettingsChange[];
}

const OUR_HOOK = /(^|[\s/\\"'])ccw(\.js)?["']?\s+hook\s+parse-status\b/;
const OUR_STATUS_LINE = /(^|[\s/\\"'])ccw(\.js)?["']?\s+hook\s+statusline\b/;

/**
 * Adds ccw's hook and status line to the settings text `current` (`undefined`: no file yet).
 * Idempotent: a second merge of its own output changes nothing. A statusLine that runs another
 * command is kept and reported as a conflict unless `force` is set. Throws InvalidDataError
 * (naming `file`) when the text is not a JSON object of Claude Code's shape.
 */
export function mergeClaudeSettings(
  current: string | undefined,
  file: string,
  options: SettingsInstallOptions = {},
): SettingsMerge {
  const { settings, shape } = parseSettings(current, file);
  const commands = ccwCommands(options.ccw);
  const changes: SettingsChange[] = [];
  let next: Record<string, unknown> = settings;

  const existing = (shape.hooks?.PostToolUse ?? []).flatMap((group) =>
    group.hooks
      .filter((hook) => typeof hook.command === "string" && OUR_HOOK.test(hook.command))
      .map((hook) => ({ command: String(hook.command), matcher: group.matcher ?? null })),
  );
  const present = existing[0];
  // Asked for a command (--ccw-command) and installed with another one (`ccw` that is not on
  // PATH, an old path): the one asked for replaces it, in place. Without a command asked for,
  // ccw's hook is recognised however it starts ccw.
  const repair = options.ccw !== undefined;
  if (present && repair && existing.some((hook) => hook.command !== commands.hook)) {
    next = withHookCommand(next, commands.hook);
    changes.push({ kind: "hook-updated", command: commands.hook, previous: present.command });
  } else if (present) {
    changes.push({ kind: "hook-present", ...present });
  } else {
    const group = { matcher: HOOK_MATCHER, hooks: [{ type: "command", command: commands.hook }] };
    const hooksObject = isRecord(settings.hooks) ? settings.hooks : {};
    const postToolUse = Array.isArray(hooksObject.PostToolUse) ? hooksObject.PostToolUse : [];
    next = { ...next, hooks: { ...hooksObject, PostToolUse: [...postToolUse, group] } };
    changes.push({ kind: "hook-added", command: commands.hook, matcher: HOOK_MATCHER });
  }

  if (options.statusLine !== false) {
    const statusLine = shape.statusLine;
    const existingCommand =
      typeof statusLine?.command === "string" ? statusLine.command : undefined;
    const wanted = { type: "command", command: commands.statusLine };
    if (statusLine === undefined) {
      next = { ...next, statusLine: wanted };
      changes.push({ kind: "status-line-added", command: commands.statusLine });
    } else if (existingCommand !== undefined && OUR_STATUS_LINE.test(existingCommand)) {
      if (!repair || existingCommand === commands.statusLine) {
        changes.push({ kind: "status-line-present", command: existingCommand });
      } else {
        next = { ...next, statusLine: { ...statusLine, command: commands.statusLine } };
        changes.push({
          kind: "status-line-updated",
          command: commands.statusLine,
          previous: existingCommand,
        });
      }
    } else {
      const described = existingCommand ?? JSON.stringify(statusLine);
      if (options.force) {
        next = { ...next, statusLine: wanted };
        changes.push({
          kind: "status-line-replaced",
          command: commands.statusLine,
          previous: described,
        });
      } else {
        changes.push({
          kind: "status-line-conflict",
          command: commands.statusLine,
          existing: described,
        });
      }
    }
  }

  const text = next === settings && current !== undefined ? current : render(next, current);
  return { text, changed: text !== current, changes };
}

/** `settings` with the command of each of ccw's PostToolUse hooks set to `command`. */
function withHookCommand(
  settings: Record<string, unknown>,
  command: string,
): Record<string, unknown> {
  const hooks = isRecord(settings.hooks) ? settings.hooks : {};
  const groups = Array.isArray(hooks.PostToolUse) ? hooks.PostToolUse : [];
  const PostToolUse = groups.map((group: unknown) => {
    if (!isRecord(group) || !Array.isArray(group.hooks)) return group;
    return {
      ...group,
      hooks: group.hooks.map((hook: unknown) =>
        isRecord(hook) && typeof hook.command === "string" && OUR_HOOK.test(hook.command)
          ? { ...hook, command }
          : hook,
      ),
    };
  });
  return { ...settings, hooks: { ...hooks, PostToolUse } };
}

/** Whether the merge found a statusLine it may not replace. */
export function hasConflict(merge: SettingsMerge): boolean {
  return merge.changes.some((change) => change.kind === "status-line-conflict");
}

/** The file's object as written (`settings`) and as validated (`shape`). */
function parseSettings(
  text: string | undefined,
  file: string,
): { settings: Record<string, unknown>; shape: z.infer<typeof SettingsSchema> } {
  if (text === undefined || text.trim() === "") return { settings: {}, shape: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse names the invisible character ("Unexpected token '\uFEFF'"); say what it is.
    const detail = text.startsWith("\uFEFF")
      ? "it starts with a byte order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM"
      : jsonErrorReason(error);
    // One line, where editors and terminals can jump to: file:line:column.
    throw new InvalidDataError(`${file}:${lineAndColumn(text, error)}: not valid JSON: ${detail}`, {
      hint: "Fix the file (Claude Code reads plain JSON, without comments) and run ccw hook install again; it was left untouched.",
    });
  }
  // The file is written back with JSON.stringify, which would overflow the stack.
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) {
    throw new InvalidDataError(`${file} cannot be edited: ${tooDeep}`, {
      hint: "Claude Code settings never nest that deep; fix the file. It was left untouched.",
    });
  }
  const parsed = SettingsSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map(
        (issue) => `${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
      )
      .join("; ");
    throw new InvalidDataError(`${file} does not have Claude Code's settings shape: ${where}`, {
      hint: "Expected an object with hooks.PostToolUse as a list of { matcher, hooks: [...] }. The file was left untouched.",
    });
  }
  // Edits go to the original value, not zod's output, so that the file keeps its key order.
  return { settings: isRecord(value) ? value : {}, shape: parsed.data };
}

/** `3:5`: where JSON.parse stopped, found even when its message names no position. */
function lineAndColumn(text: string, error: unknown): string {
  const { line, column } = lineColumnAt(text, syntaxErrorOffset(error, text));
  return `${line}:${column}`;
}

/** JSON text in the indentation the file already uses (two spaces for a new file). */
function render(value: Record<string, unknown>, previous: string | undefined): string {
  const indent = previous?.match(/^[{[][^\S\n]*\n([ \t]+)\S/)?.[1] ?? "  ";
  return `${JSON.stringify(value, null, indent)}\n`;
}

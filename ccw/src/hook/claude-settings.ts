/**
 * Merging ccw's SessionStart hook and status line into a Claude Code settings.json, as a pure
 * function of the file's text. Claude Code's format:
 * `hooks.<Event>: [{ matcher?, hooks: [{ type: "command", command, timeout? }] }]` and
 * `statusLine: { type: "command", command, refreshInterval? }`. Everything else in the file is
 * kept as it is.
 *
 * Which events carry coordinator progress (docs/claude-code.md, "Which hooks ccw installs"):
 * SessionStart (its stdout reaches the model: the unfinished sessions and how to continue
 * them) and the statusLine (Claude Code redraws it on its own events, and every
 * `refreshInterval` seconds, so a background run's progress shows while the model waits for a
 * long Bash call). PostToolUse is not used:
 * with matcher `Write|Edit|MultiEdit` it never fires for status.json, which ccw writes from a
 * Bash command, and with matcher `Bash` its plain output would not reach the model, which sees
 * the Bash result anyway. Earlier versions installed that `Write|Edit|MultiEdit` group; the
 * merge removes it (only ccw's own hook in it, never the user's).
 */

import { applyEdits, modify, parse as parseJsonc } from "jsonc-parser";
import * as z from "zod";
import { InvalidDataError } from "../errors.js";
import { isRecord } from "../lib/json/json-checks.js";
import { jsonDepthProblem } from "../lib/json/json-depth.js";
import { jsonSyntaxError } from "../lib/json/json-location.js";

/** The matcher of the PostToolUse group that earlier versions of `ccw hook install` wrote. */
export const LEGACY_HOOK_MATCHER = "Write|Edit|MultiEdit";

/** Seconds Claude Code gives the SessionStart hook before it gives up on it. */
export const SESSION_HOOK_TIMEOUT = 10;

/** Seconds between redraws of the status line besides Claude Code's own events. */
export const STATUS_LINE_REFRESH = 2;

/** The commands ccw installs, for a given way of starting ccw (default `ccw`). */
export function ccwCommands(ccw = "ccw"): { sessionStart: string; statusLine: string } {
  return { sessionStart: `${ccw} hook session-context`, statusLine: `${ccw} hook statusline` };
}

const HookEntrySchema = z.looseObject({ type: z.string().optional(), command: z.unknown() });
const MatcherGroupSchema = z.looseObject({
  matcher: z.string().optional(),
  hooks: z.array(HookEntrySchema),
});
const SettingsSchema = z.looseObject({
  hooks: z
    .looseObject({
      PostToolUse: z.array(MatcherGroupSchema).optional(),
      SessionStart: z.array(MatcherGroupSchema).optional(),
    })
    .optional(),
  statusLine: z
    .looseObject({
      type: z.string().optional(),
      command: z.unknown(),
      refreshInterval: z.unknown().optional(),
    })
    .optional(),
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
  | { readonly kind: "hook-added"; readonly event: "SessionStart"; readonly command: string }
  | { readonly kind: "hook-present"; readonly event: "SessionStart"; readonly command: string }
  | { readonly kind: "legacy-hook-removed"; readonly command: string; readonly matcher: string }
  | { readonly kind: "status-line-added"; readonly command: string }
  | { readonly kind: "status-line-present"; readonly command: string }
  | {
      readonly kind: "status-line-refresh-added";
      readonly command: string;
      readonly seconds: number;
    }
  | { readonly kind: "status-line-replaced"; readonly command: string; readonly previous: string }
  | { readonly kind: "status-line-conflict"; readonly command: string; readonly existing: string };

/** The merge's result: the new text (equal to the old one when nothing changes). */
export interface SettingsMerge {
  readonly text: string;
  readonly changed: boolean;
  readonly changes: readonly SettingsChange[];
}

const OUR_LEGACY_HOOK = /(^|[\s/\\"'])ccw(-codex)?(\.js)?["']?\s+hook\s+parse-status\b/;
const OUR_SESSION_HOOK = /(^|[\s/\\"'])ccw(-codex)?(\.js)?["']?\s+hook\s+session-context\b/;
const OUR_STATUS_LINE = /(^|[\s/\\"'])ccw(-codex)?(\.js)?["']?\s+hook\s+statusline\b/;

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

  const hooksObject = isRecord(settings.hooks) ? settings.hooks : {};
  let hooks: Record<string, unknown> = hooksObject;

  // Migration: drop ccw's own hook from the PostToolUse group earlier versions wrote.
  if (shape.hooks?.PostToolUse !== undefined) hooks = withoutLegacyHook(hooks, changes);

  hooks = withSessionHook(hooks, shape.hooks?.SessionStart ?? [], commands.sessionStart, changes);
  if (hooks !== hooksObject) next = { ...next, hooks };

  if (options.statusLine !== false) {
    const statusLine = shape.statusLine;
    const existingCommand =
      typeof statusLine?.command === "string" ? statusLine.command : undefined;
    const wanted = {
      type: "command",
      command: commands.statusLine,
      refreshInterval: STATUS_LINE_REFRESH,
    };
    if (statusLine === undefined) {
      next = { ...next, statusLine: wanted };
      changes.push({ kind: "status-line-added", command: commands.statusLine });
    } else if (existingCommand !== undefined && OUR_STATUS_LINE.test(existingCommand)) {
      if (statusLine.refreshInterval === undefined && isRecord(settings.statusLine)) {
        // An earlier install: the line was only redrawn on Claude Code's events.
        next = {
          ...next,
          statusLine: { ...settings.statusLine, refreshInterval: STATUS_LINE_REFRESH },
        };
        changes.push({
          kind: "status-line-refresh-added",
          command: existingCommand,
          seconds: STATUS_LINE_REFRESH,
        });
      } else {
        changes.push({ kind: "status-line-present", command: existingCommand });
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

  const text =
    next === settings && current !== undefined ? current : render(next, settings, current);
  return { text, changed: text !== current, changes };
}

/** `hooks` with ccw's SessionStart hook (added at the end unless one is there already). */
function withSessionHook(
  hooks: Record<string, unknown>,
  groups: readonly z.infer<typeof MatcherGroupSchema>[],
  command: string,
  changes: SettingsChange[],
): Record<string, unknown> {
  const present = groups
    .flatMap((group) => group.hooks.map((hook) => hook.command))
    .find((found): found is string => typeof found === "string" && OUR_SESSION_HOOK.test(found));
  if (present !== undefined) {
    changes.push({ kind: "hook-present", event: "SessionStart", command: present });
    return hooks;
  }
  const group = { hooks: [{ type: "command", command, timeout: SESSION_HOOK_TIMEOUT }] };
  const sessionStart = Array.isArray(hooks.SessionStart) ? hooks.SessionStart : [];
  changes.push({ kind: "hook-added", event: "SessionStart", command });
  return { ...hooks, SessionStart: [...sessionStart, group] };
}

/**
 * `hooks` without ccw's parse-status hook in a `Write|Edit|MultiEdit` PostToolUse group (the
 * group goes when nothing else is left in it, PostToolUse when no group is left). The shape was
 * validated, so every group has a hooks list. Removals are added to `changes`.
 */
function withoutLegacyHook(
  hooks: Record<string, unknown>,
  changes: SettingsChange[],
): Record<string, unknown> {
  if (!Array.isArray(hooks.PostToolUse)) return hooks;
  let removed = false;
  const kept = (hooks.PostToolUse as Record<string, unknown>[]).flatMap((group) => {
    if (group.matcher !== LEGACY_HOOK_MATCHER || !Array.isArray(group.hooks)) return [group];
    const others = group.hooks.filter((hook: unknown) => {
      const command = isRecord(hook) ? hook.command : undefined;
      if (typeof command !== "string" || !OUR_LEGACY_HOOK.test(command)) return true;
      changes.push({ kind: "legacy-hook-removed", command, matcher: LEGACY_HOOK_MATCHER });
      removed = true;
      return false;
    });
    if (others.length === group.hooks.length) return [group];
    return others.length > 0 ? [{ ...group, hooks: others }] : [];
  });
  if (!removed) return hooks;
  const { PostToolUse: _dropped, ...rest } = hooks;
  return kept.length > 0 ? { ...hooks, PostToolUse: kept } : rest;
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
  // Reading (jsonc-parser) and writing it back would overflow the stack: checked first.
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) {
    throw new InvalidDataError(`${file} cannot be edited: ${tooDeep}`, {
      hint: "Claude Code settings never nest that deep; fix the file. It was left untouched.",
    });
  }
  // Claude Code's settings are JSON, but some people keep comments (and trailing commas) in
  // them: read them as JSONC, and edit them in place so that those comments stay.
  const syntax = jsonSyntaxError(text, { comments: true });
  if (syntax !== undefined) {
    throw new InvalidDataError(
      `${file} is not valid JSON: ${syntax.message} (line ${syntax.line}, column ${syntax.column})`,
      {
        hint: "Fix the file and run ccw hook install again; it was left untouched.",
      },
    );
  }
  const value: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  const parsed = SettingsSchema.safeParse(value);
  if (!parsed.success) {
    const where = parsed.error.issues
      .slice(0, 3)
      .map(
        (issue) => `${issue.path.length ? issue.path.join(".") : "(top level)"}: ${issue.message}`,
      )
      .join("; ");
    throw new InvalidDataError(`${file} does not have Claude Code's settings shape: ${where}`, {
      hint: "Expected an object whose hooks.<Event> entries are lists of { matcher, hooks: [...] }. The file was left untouched.",
    });
  }
  // Edits go to the original value, not zod's output, so that the file keeps its key order.
  return { settings: isRecord(value) ? value : {}, shape: parsed.data };
}

/**
 * The settings text with the top-level keys that changed set to their new values, edited in
 * place (jsonc-parser), so everything else, comments included, stays as it was; in the
 * indentation the file already uses (two spaces for a new file).
 */
function render(
  value: Record<string, unknown>,
  before: Record<string, unknown>,
  previous: string | undefined,
): string {
  const indent = previous?.match(/^[{[][^\S\n]*\n([ \t]+)\S/)?.[1] ?? "  ";
  if (previous === undefined || previous.trim() === "") {
    return `${JSON.stringify(value, null, indent)}\n`;
  }
  const formattingOptions = {
    insertSpaces: !indent.includes("\t"),
    tabSize: indent.includes("\t") ? 1 : indent.length,
    eol: "\n",
  };
  let text = previous;
  for (const key of Object.keys(value)) {
    if (value[key] === before[key]) continue;
    text = applyEdits(text, modify(text, [key], value[key], { formattingOptions }));
  }
  return text.endsWith("\n") ? text : `${text}\n`;
}

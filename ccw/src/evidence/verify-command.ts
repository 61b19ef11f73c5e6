/**
 * The Verify cell: the two command forms the gate runs itself, without a shell —
 * `Test-Path <path>` and `rg "<regex>" <path>` — parsed from shell-like words.
 */
import vm from "node:vm";
import { unwrapCode } from "./cells.js";

/** A Verify cell the gate can run. */
export type VerifyCommand =
  | { readonly form: "test-path"; readonly path: string }
  | { readonly form: "rg"; readonly pattern: string; readonly path: string };

/** A Verify cell, parsed. */
export type VerifyCell =
  | { readonly kind: "empty"; readonly text: "" }
  | { readonly kind: "command"; readonly text: string; readonly command: VerifyCommand }
  | { readonly kind: "unsupported"; readonly text: string; readonly reason: string };

const SUPPORTED = 'only Test-Path <path> and rg "<regex>" <path> are checkable';

/**
 * Splits `text` into words like a POSIX shell would, without expanding anything: single
 * quotes are literal, double quotes honour `\"`, `\\`, `\$` and `` \` ``. Returns a reason
 * instead when the text holds shell syntax the gate does not run (pipes, `;`, `$(...)`).
 */
export function splitWords(text: string): { words: string[] } | { reason: string } {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] ?? "";
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { reason: "it has an unterminated ' quote" };
      word = (word ?? "") + text.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      let quoted = "";
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j += 1) {
        const next = text[j + 1];
        if (text[j] === "\\" && next !== undefined && '"\\$`'.includes(next)) {
          quoted += next;
          j += 1;
        } else {
          quoted += text[j];
        }
      }
      if (j >= text.length) return { reason: 'it has an unterminated " quote' };
      word = (word ?? "") + quoted;
      i = j;
    } else if ("|&;<>`$(){}".includes(char)) {
      return { reason: `it uses shell syntax (${char}) and the gate runs no shell` };
    } else {
      word = (word ?? "") + char;
    }
  }
  if (word !== undefined) words.push(word);
  return { words };
}

/** Reads a Verify cell; a whole-cell code span is unwrapped first. */
export function parseVerifyCell(cell: string): VerifyCell {
  // Backticks around a single word (`` Test-Path `docs/x.md` ``) are Markdown, not shell.
  const text = unwrapCode(cell).replace(/`([^`\s"']+)`/g, "$1");
  if (text === "") return { kind: "empty", text: "" };
  const split = splitWords(text);
  if ("reason" in split)
    return { kind: "unsupported", text, reason: `${split.reason}; ${SUPPORTED}` };
  const [program, ...args] = split.words;
  if (program?.toLowerCase() === "test-path") {
    const named = args[0]?.toLowerCase();
    const rest = named === "-path" || named === "-literalpath" ? args.slice(1) : args;
    const [path] = rest;
    if (path !== undefined && rest.length === 1 && !path.startsWith("-")) {
      return { kind: "command", text, command: { form: "test-path", path } };
    }
    return {
      kind: "unsupported",
      text,
      reason: "Test-Path needs exactly one path and no other options",
    };
  }
  if (program === "rg") {
    const [pattern, path] = args;
    if (
      pattern !== undefined &&
      path !== undefined &&
      args.length === 2 &&
      !pattern.startsWith("-")
    ) {
      return { kind: "command", text, command: { form: "rg", pattern, path } };
    }
    return {
      kind: "unsupported",
      text,
      reason: 'rg needs exactly a "<regex>" and one path, without options',
    };
  }
  return { kind: "unsupported", text, reason: SUPPORTED };
}

/**
 * Compiles an rg pattern as a JavaScript RegExp matched against one line at a time, as rg
 * does. A leading `(?i)` (Rust syntax) becomes the `i` flag; Unicode mode is tried first
 * (rg's default), then the looser legacy mode for patterns only it accepts.
 */
export function compileRgPattern(pattern: string): { regex: RegExp } | { error: string } {
  const insensitive = pattern.startsWith("(?i)");
  const source = insensitive ? pattern.slice(4) : pattern;
  const flags = insensitive ? "i" : "";
  try {
    return { regex: new RegExp(source, `${flags}u`) };
  } catch {
    try {
      return { regex: new RegExp(source, flags) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { error: message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, "") };
    }
  }
}

/** How long one rg pattern may run over one file before the gate gives up on it. */
export const REGEX_BUDGET_MS = 1000;

let matcher: { context: vm.Context; script: vm.Script } | undefined;

/**
 * Whether some line of `text` matches `regex`; `"too-slow"` when that takes longer than
 * `budgetMs`. JavaScript regexes backtrack, so a pattern such as `^(a+)+$` can run for ever on
 * one line (ripgrep's engine cannot); the match runs in a `vm` context, whose timeout stops
 * even a running regex, so a report anyone can edit cannot hang the gate.
 */
export function matchesSomeLine(
  regex: RegExp,
  text: string,
  budgetMs = REGEX_BUDGET_MS,
): boolean | "too-slow" {
  matcher ??= {
    context: vm.createContext({}),
    script: new vm.Script("text.split(/\\r?\\n/).some((line) => regex.test(line))"),
  };
  const { context, script } = matcher;
  context.regex = regex;
  context.text = text;
  try {
    return script.runInContext(context, { timeout: budgetMs }) === true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "too-slow";
    throw error;
  } finally {
    context.regex = undefined;
    context.text = undefined;
  }
}

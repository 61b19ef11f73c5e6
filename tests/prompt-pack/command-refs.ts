/**
 * What a Markdown document (the /codex-coordinator slash command) says about ccw: the `ccw ...`
 * command lines it shows and the file names it mentions, and a check of those command lines
 * against a commander program (ccw's own, from buildProgram).
 */
import type { Command } from "commander";

export interface CcwInvocation {
  /** The words after `ccw`, quotes and brackets removed (`coordinator`, `status`, `--json`). */
  readonly words: readonly string[];
  /** Where it was found, for messages. */
  readonly source: string;
  /** Whether it sits in a ```bash block (a command the reader is told to run). */
  readonly runnable: boolean;
}

/** Inline code spans and the lines of fenced blocks, in document order, with the fence's info. */
export function codeSnippets(markdown: string): { text: string; info?: string }[] {
  const snippets: { text: string; info?: string }[] = [];
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const opening = /^```(\S*)/.exec(line);
    if (opening) {
      fence = fence === undefined ? opening[1] : undefined;
      continue;
    }
    if (fence !== undefined) {
      snippets.push({ text: line, info: fence });
      continue;
    }
    for (const match of line.matchAll(/`([^`]+)`/g)) {
      if (match[1] !== undefined) snippets.push({ text: match[1] });
    }
  }
  return snippets;
}

/** Every `ccw <word>...` in the code of `markdown`. */
export function ccwInvocations(markdown: string): CcwInvocation[] {
  const invocations: CcwInvocation[] = [];
  for (const snippet of codeSnippets(markdown)) {
    // A quoted argument is one opaque word (an intent may contain anything).
    const unquoted = snippet.text.replace(/'[^']*'|"[^"]*"/g, " ARG ");
    for (const match of unquoted.matchAll(/(?:^|\s)ccw\s+(.*)$/g)) {
      const words = (match[1] ?? "")
        .replace(/\\\|/g, "|")
        .split(/[\s[\]|(),]+/)
        .filter((word) => word !== "");
      if (words.length > 0) {
        invocations.push({ words, source: snippet.text.trim(), runnable: snippet.info === "bash" });
      }
    }
  }
  return invocations;
}

/** The problems of one invocation against `program`: unknown commands and options. */
export function checkInvocation(program: Command, invocation: CcwInvocation): string[] {
  const problems: string[] = [];
  let command = program;
  const path: string[] = [];
  let index = 0;
  for (; index < invocation.words.length; index++) {
    const word = invocation.words[index] ?? "";
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) break;
    command = sub;
    path.push(word);
  }
  if (path.length === 0) {
    return [`${invocation.source}: ccw has no command ${JSON.stringify(invocation.words[0])}`];
  }
  const next = invocation.words[index];
  const takesArguments = command.registeredArguments.length > 0;
  // `...`, `<name>` and quoted text stand for arguments, not for a subcommand.
  const placeholder = next !== undefined && /^(<.*>|\.\.\.|ARG)$/.test(next);
  if (
    next !== undefined &&
    !placeholder &&
    command.commands.length > 0 &&
    !takesArguments &&
    !next.startsWith("-")
  ) {
    problems.push(`${invocation.source}: ccw ${path.join(" ")} has no subcommand ${next}`);
  }
  // Prose may name a command group (`ccw coordinator`); a command to run must be complete.
  if (invocation.runnable && command.commands.length > 0 && index === invocation.words.length) {
    problems.push(`${invocation.source}: ccw ${path.join(" ")} needs a subcommand`);
  }
  for (const word of invocation.words.slice(index)) {
    if (!word.startsWith("-")) continue;
    const flag = word.split("=")[0] ?? word;
    const known =
      command.options.some((option) => option.long === flag || option.short === flag) ||
      flag === "--help" ||
      flag === "-h";
    if (!known) problems.push(`${invocation.source}: ccw ${path.join(" ")} has no option ${flag}`);
  }
  return problems;
}

/** File and folder names the document mentions in inline code (`state.json`, `docs/x.md`). */
export function fileReferences(markdown: string): string[] {
  const names = new Set<string>();
  for (const snippet of codeSnippets(markdown)) {
    if (snippet.info !== undefined) continue;
    const text = snippet.text.trim();
    if (
      /^[~A-Za-z0-9_.<>/-]+\.(json|jsonl|md|log)$/.test(text) ||
      /^[A-Za-z0-9_.<>-]+\/$/.test(text)
    ) {
      names.add(text);
    } else if (/^\.?[A-Za-z0-9_-]+(\/[A-Za-z0-9_.<>-]+)+\/?$/.test(text)) {
      names.add(text);
    }
  }
  return [...names];
}

/** The body rows of the first Markdown table after the heading `heading` (any level). */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split("\n");
  const start = lines.findIndex(
    (line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, "") === heading,
  );
  if (start === -1) return [];
  const first = lines.findIndex((line, i) => i > start && line.startsWith("|"));
  if (first === -1) return [];
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2);
}

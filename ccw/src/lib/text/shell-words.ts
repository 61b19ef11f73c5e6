/**
 * Splits an argument string into words the way a POSIX shell would, without expanding
 * anything: whitespace separates words, '...' is literal, "..." allows the escapes \" \\ \$
 * \` and a backslash-newline, and a backslash outside quotes escapes the next character.
 *
 * Codex split custom-prompt arguments with the Rust `shlex` crate, which follows the same
 * rules. Two deliberate differences, documented in docs/prompts.md: an unclosed quote or a
 * trailing backslash is an error here (shlex silently dropped the rest of the line), and `#`
 * never starts a comment (`fix #42` keeps its issue number).
 */

export type ShellWordsResult =
  | { readonly ok: true; readonly words: string[] }
  | { readonly ok: false; readonly error: string };

const DOUBLE_QUOTE_ESCAPES = new Set(['"', "\\", "$", "`"]);

/** Splits `text` into words; see the module comment for the rules. */
export function splitShellWords(text: string): ShellWordsResult {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return unclosed("single", text, i);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      const open = i;
      inWord = true;
      i++;
      let closed = false;
      while (i < text.length) {
        const inner = text[i] as string;
        if (inner === '"') {
          closed = true;
          i++;
          break;
        }
        const next = text[i + 1];
        if (inner === "\\" && next !== undefined && DOUBLE_QUOTE_ESCAPES.has(next)) {
          word += next;
          i += 2;
        } else if (inner === "\\" && next === "\n") {
          i += 2;
        } else {
          word += inner;
          i++;
        }
      }
      if (!closed) return unclosed("double", text, open);
    } else if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) {
        return {
          ok: false,
          error: "the arguments end with a lone backslash; remove it or write \\\\ for a backslash",
        };
      }
      if (next !== "\n") {
        word += next;
        inWord = true;
      }
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}

function unclosed(kind: "single" | "double", text: string, at: number): ShellWordsResult {
  const excerpt = text.slice(at, at + 30);
  const shown = excerpt.length < text.length - at ? `${excerpt}...` : excerpt;
  return {
    ok: false,
    error: `unclosed ${kind} quote in the arguments, starting at ${shown}; close it or escape it with a backslash`,
  };
}

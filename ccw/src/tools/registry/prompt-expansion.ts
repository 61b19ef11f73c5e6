/**
 * Prompt expansion with Codex's custom-prompt rules (shared/specs/codex-facts.md section 5,
 * checked against codex-rs `prompt_args.rs`), as a pure function of the body and the input.
 *
 * - A placeholder token is `$` + an uppercase letter + uppercase letters, digits or `_`.
 * - Named mode: the body has such a token other than `$ARGUMENTS`. Every argument must be
 *   `KEY=value` (split at the first `=`, the key non-empty); every named placeholder is
 *   required; extra keys are ignored; a repeated key keeps its last value. `$1`..`$9` are
 *   left as written, and so is `$ARGUMENTS` unless an `ARGUMENTS=` argument is given.
 * - Positional mode otherwise: `$1`..`$9` take the first nine arguments (missing ones become
 *   empty; `$10` is `$1` followed by `0`), `$ARGUMENTS` all of them joined by one space.
 * - `$$` is an escape: it becomes one literal `$` and never starts a placeholder. (Codex's
 *   docs describe it so, though its code sent `$$` through unchanged; docs/prompts.md.)
 * - Values are inserted literally: a `$` inside a value is never expanded again.
 */
import { splitShellWords } from "../../lib/text/shell-words.js";

/** The placeholders a body uses, and so how it takes its arguments. */
export interface PromptPlaceholders {
  mode: "named" | "positional" | "none";
  /** Sorted unique names without `$` (e.g. `TASK`); empty unless mode is `named`. */
  named: string[];
  /** Sorted unique tokens (`$1`, `$ARGUMENTS`); empty unless mode is `positional`. */
  positional: string[];
}

/** What to expand a prompt with. */
export type ExpansionInput =
  /** The raw argument string a user typed; split with shell-like quoting. */
  | { kind: "args"; args: string }
  /** Arguments already split (by the shell, or by commander). */
  | { kind: "argv"; args: readonly string[] }
  /** Values bound by a program: named placeholders from the map, positional ones from the list. */
  | {
      kind: "bindings";
      bindings: Readonly<Record<string, string>>;
      positional?: readonly string[];
    };

export type ExpansionResult = { ok: true; text: string } | { ok: false; error: string };

const ARGUMENTS = "ARGUMENTS";

/** A `$$` escape, a `$1`..`$9` positional token, or a `$NAME` token, at [start, end). */
type Token = { start: number; end: number } & (
  | { kind: "dollar" }
  | { kind: "digit"; digit: number }
  | { kind: "name"; name: string }
);

/**
 * Calls `visit` for every token of `body`, left to right. A hand-written scan rather than a
 * regular expression: the registry runs it on every prompt of a listing.
 */
function scanTokens(body: string, visit: (token: Token) => void): void {
  let i = body.indexOf("$");
  while (i !== -1) {
    const next = body.charCodeAt(i + 1);
    if (next === 0x24) {
      visit({ kind: "dollar", start: i, end: i + 2 });
      i += 2;
    } else if (next >= 0x31 && next <= 0x39) {
      visit({ kind: "digit", digit: next - 0x30, start: i, end: i + 2 });
      i += 2;
    } else if (next >= 0x41 && next <= 0x5a) {
      let end = i + 2;
      while (end < body.length && isNameChar(body.charCodeAt(end))) end++;
      visit({ kind: "name", name: body.slice(i + 1, end), start: i, end });
      i = end;
    } else {
      i += 1;
    }
    i = body.indexOf("$", i);
  }
}

/** `A`-`Z`, `0`-`9` or `_`. */
function isNameChar(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

/** Replaces every token of `body` by what `replace` returns for it. */
function substitute(body: string, replace: (token: Token) => string): string {
  let out = "";
  let last = 0;
  scanTokens(body, (token) => {
    out += body.slice(last, token.start) + replace(token);
    last = token.end;
  });
  return out + body.slice(last);
}

const tokenText = (body: string, token: Token) => body.slice(token.start, token.end);

/** The placeholders of `body`, named or positional. */
export function listPlaceholders(body: string): PromptPlaceholders {
  const named = new Set<string>();
  const positional = new Set<string>();
  scanTokens(body, (token) => {
    if (token.kind === "name" && token.name !== ARGUMENTS) named.add(token.name);
    else if (token.kind === "name") positional.add(`$${ARGUMENTS}`);
    else if (token.kind === "digit") positional.add(`$${token.digit}`);
  });
  // The default sort compares strings by UTF-16 code unit.
  if (named.size > 0) return { mode: "named", named: [...named].sort(), positional: [] };
  if (positional.size > 0)
    return { mode: "positional", named: [], positional: [...positional].sort() };
  return { mode: "none", named: [], positional: [] };
}

/**
 * listPlaceholders for a body still in UTF-8 bytes. Tokens are ASCII and no byte of a
 * multi-byte UTF-8 sequence is, so scanning the bytes finds exactly the tokens of the text.
 */
export function listPlaceholdersInBytes(bytes: Uint8Array): PromptPlaceholders {
  let named: Set<string> | undefined;
  let positional: Set<string> | undefined;
  // Buffer's native indexOf is several times faster than Uint8Array's, or a loop.
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = buffer.indexOf(0x24);
  while (i !== -1) {
    const next = buffer[i + 1] ?? 0;
    if (next === 0x24) {
      i += 2;
    } else if (next >= 0x31 && next <= 0x39) {
      positional ??= new Set();
      positional.add(`$${next - 0x30}`);
      i += 2;
    } else if (next >= 0x41 && next <= 0x5a) {
      let end = i + 2;
      while (end < buffer.length && isNameChar(buffer[end] ?? 0)) end++;
      const name = buffer.toString("latin1", i + 1, end);
      if (name === ARGUMENTS) {
        positional ??= new Set();
        positional.add(`$${ARGUMENTS}`);
      } else {
        named ??= new Set();
        named.add(name);
      }
      i = end;
    } else {
      i += 1;
    }
    i = buffer.indexOf(0x24, i);
  }
  if (named) return { mode: "named", named: [...named].sort(), positional: [] };
  if (positional) return { mode: "positional", named: [], positional: [...positional].sort() };
  return { mode: "none", named: [], positional: [] };
}

/** Expands `body` (the text after the frontmatter) with `input`; never throws. */
export function expandPrompt(body: string, input: ExpansionInput): ExpansionResult {
  const required = namedInOrder(body);
  if (required.length > 0) {
    const values = namedValues(required, input);
    if (!values.ok) return values;
    const missing = required.filter((name) => !values.map.has(name));
    if (missing.length > 0) {
      return { ok: false, error: missingMessage(required, missing, values.map, input) };
    }
    return { ok: true, text: substituteNamed(body, values.map) };
  }
  const args = positionalValues(input);
  if (!args.ok) return args;
  return { ok: true, text: substitutePositional(body, args.words) };
}

function substituteNamed(body: string, values: ReadonlyMap<string, string>): string {
  return substitute(body, (token) => {
    if (token.kind === "dollar") return "$";
    return (token.kind === "name" ? values.get(token.name) : undefined) ?? tokenText(body, token);
  });
}

function substitutePositional(body: string, args: readonly string[]): string {
  return substitute(body, (token) => {
    switch (token.kind) {
      case "dollar":
        return "$";
      case "digit":
        return args[token.digit - 1] ?? "";
      case "name":
        return token.name === ARGUMENTS ? args.join(" ") : tokenText(body, token);
    }
  });
}

/** Named placeholders in order of first appearance, as Codex reported missing ones. */
function namedInOrder(body: string): string[] {
  const seen = new Set<string>();
  scanTokens(body, (token) => {
    if (token.kind === "name" && token.name !== ARGUMENTS) seen.add(token.name);
  });
  return [...seen];
}

type Values = { ok: true; map: Map<string, string> } | { ok: false; error: string };

function namedValues(required: readonly string[], input: ExpansionInput): Values {
  if (input.kind === "bindings") {
    return { ok: true, map: new Map(Object.entries(input.bindings)) };
  }
  let words: readonly string[];
  if (input.kind === "args") {
    const split = splitShellWords(input.args);
    if (!split.ok) return split;
    words = split.words;
  } else {
    words = input.args;
  }
  const map = new Map<string, string>();
  const example = required[0] ?? "KEY";
  for (const word of words) {
    const eq = word.indexOf("=");
    if (eq === -1) {
      return {
        ok: false,
        error: `expected KEY=value but found '${word}': this prompt takes named arguments (${required.join(", ")}); quote values that contain spaces, e.g. ${example}="two words"`,
      };
    }
    if (eq === 0) {
      return {
        ok: false,
        error: `expected a name before '=' in '${word}'; write it as KEY=value, e.g. ${example}=value`,
      };
    }
    map.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return { ok: true, map };
}

function positionalValues(
  input: ExpansionInput,
): { ok: true; words: readonly string[] } | { ok: false; error: string } {
  switch (input.kind) {
    case "args":
      return splitShellWords(input.args);
    case "argv":
      return { ok: true, words: input.args };
    case "bindings":
      return { ok: true, words: input.positional ?? [] };
  }
}

function missingMessage(
  required: readonly string[],
  missing: readonly string[],
  given: ReadonlyMap<string, string>,
  input: ExpansionInput,
): string {
  const plural = missing.length === 1 ? "" : "s";
  if (input.kind === "bindings") {
    const tokens = missing.map((name) => `$${name}`).join(", ");
    return `no value bound for placeholder${plural} ${tokens}`;
  }
  const unused = [...given.keys()].filter((key) => !required.includes(key));
  const note =
    unused.length > 0 ? ` (given but not used by this prompt: ${unused.join(", ")})` : "";
  return `missing required argument${plural} ${missing.join(", ")}; give each as KEY=value (quote values with spaces)${note}`;
}

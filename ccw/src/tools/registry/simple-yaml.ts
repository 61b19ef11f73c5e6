/**
 * A fast path for the frontmatter most Markdown files carry: top-level `key: value` lines
 * whose values are plain or simply quoted strings, `[a, b]` lists, `- item` lists, or `|`/`>`
 * block text. Parsing such a block with the `yaml` package costs several times more than
 * reading the file, which dominated a cold registry listing.
 *
 * The fast path is conservative: whenever anything is not one of these simplest forms
 * (nested mappings, comments, anchors, a value the YAML 1.2 core schema would read as a
 * number, boolean or null, a duplicate key, unusual indentation, ...) it returns `undefined`
 * and the caller parses the block with the `yaml` package. A test checks on a corpus of
 * tricky inputs that every block it accepts gives exactly what `yaml` gives.
 */

/** A top-level value the fast path produces. */
export type SimpleValue = string | null | string[];

/** The result of the fast path: top-level values and the line (0-based) of each key. */
export interface SimpleMapping {
  readonly values: Record<string, SimpleValue>;
  readonly keyLines: ReadonlyMap<string, number>;
}

const LIST_ITEM = /^( *)- +(.*)$/;
const BLOCK_HEADER = /^([|>])([-+]?)$/;
/** Words the core schema reads as null or booleans, and a key unsafe on plain objects. */
const SPECIAL_WORDS = new Set([
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "__proto__",
]);
/** A plain scalar may not start with an indicator; numbers, `.inf`, `~` resolve to non-strings. */
const UNSAFE_FIRST = /^[-?:,[\]{}#&*!|>'"%@`+.~0-9]/;
/** Control characters, tabs, BOM, surrogates and non-characters: left to the real parser. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we reject.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\ufeff\ud800-\udfff\ufffe\uffff]/;

/** Parses `text` if it is a block of simple top-level keys; `undefined` otherwise. */
export function parseSimpleMapping(text: string): SimpleMapping | undefined {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  // Scanned by hand rather than with a regular expression: this runs for every file of a
  // listing, and match arrays were a good part of its cost.
  const values: Record<string, SimpleValue> = {};
  const keyLines = new Map<string, number>();
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (line === "") {
      index++;
      continue;
    }
    const colon = keyEnd(line);
    if (colon === -1) return undefined;
    const key = line.slice(0, colon);
    if (SPECIAL_WORDS.has(key) || keyLines.has(key)) return undefined;
    let from = colon + 1;
    if (from < line.length && line.charCodeAt(from) !== SPACE) return undefined;
    while (from < line.length && line.charCodeAt(from) === SPACE) from++;
    let to = line.length;
    while (to > from && line.charCodeAt(to - 1) === SPACE) to--;
    const raw = line.slice(from, to);
    keyLines.set(key, index);
    index++;
    let value: SimpleValue | undefined;
    if (raw === "") {
      const list = readBlockList(lines, index);
      if (list === undefined) return undefined;
      value = list.items ?? null;
      index = list.next;
    } else if (raw.length <= 2 && BLOCK_HEADER.test(raw)) {
      const block = readBlockText(lines, index, raw);
      if (block === undefined) return undefined;
      value = block.text;
      index = block.next;
    } else if (raw.charCodeAt(0) === OPEN_BRACKET) {
      value = flowList(raw);
    } else {
      value = scalar(raw);
    }
    if (value === undefined) return undefined;
    values[key] = value;
  }
  return { values, keyLines };
}

const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;

/** The index of the `:` after a key `[A-Za-z_][A-Za-z0-9_-]*` at the start of `line`, or -1. */
function keyEnd(line: string): number {
  const first = line.charCodeAt(0);
  if (!(isLetter(first) || first === 0x5f)) return -1;
  for (let i = 1; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x3a) return i;
    if (!(isLetter(code) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d)) {
      return -1;
    }
  }
  return -1;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** A plain or simply quoted one-line string; `undefined` when not that simple. */
function scalar(value: string): string | undefined {
  const quote = value.charCodeAt(0);
  if ((quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) && value.length >= 2) {
    if (value.charCodeAt(value.length - 1) !== quote) return undefined;
    // Inside: no control characters, no second quote, and no escapes in "...".
    for (let i = 1; i < value.length - 1; i++) {
      const code = value.charCodeAt(i);
      if (code === quote || isUnsafeChar(code) || (quote === DOUBLE_QUOTE && code === BACKSLASH)) {
        return undefined;
      }
    }
    return value.slice(1, -1);
  }
  return plain(value);
}

/**
 * A plain scalar the core schema reads as this very string: no indicator first, not a word
 * or number of another type, no comment (`#`), no `: `, no trailing `:`, no unsafe character.
 * One pass over the characters: it runs for every value of every listed file.
 */
function plain(value: string): string | undefined {
  if (value === "" || UNSAFE_FIRST.test(value) || SPECIAL_WORDS.has(value)) return undefined;
  const last = value.length - 1;
  for (let i = 0; i <= last; i++) {
    const code = value.charCodeAt(i);
    if (code === HASH || isUnsafeChar(code)) return undefined;
    if (code === COLON && (i === last || value.charCodeAt(i + 1) === SPACE)) return undefined;
  }
  return value;
}

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const COLON = 0x3a;

/** Control characters, BOM, surrogates and non-characters (what UNSAFE_CHARS matches). */
function isUnsafeChar(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0xd800 && code <= 0xdfff) ||
    code === 0xfeff ||
    code === 0xfffe ||
    code === 0xffff
  );
}

/** `[a, b]` with plain items that contain no flow indicators. */
function flowList(raw: string): string[] | undefined {
  if (!raw.endsWith("]")) return undefined;
  const inner = raw.slice(1, -1);
  if (inner.trim() === "") return inner === "" ? [] : undefined;
  const items: string[] = [];
  for (const part of inner.split(",")) {
    const item = part.trim();
    if (/[[\]{}:]/.test(item)) return undefined;
    const value = plain(item);
    if (value === undefined) return undefined;
    items.push(value);
  }
  return items;
}

/** `- item` lines after a key with no value; `items` is undefined when there are none. */
function readBlockList(
  lines: readonly string[],
  start: number,
): { items?: string[]; next: number } | undefined {
  const items: string[] = [];
  let indent: number | undefined;
  let index = start;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (line === "") break;
    const match = LIST_ITEM.exec(line);
    if (!match) break;
    const spaces = (match[1] as string).length;
    if (indent !== undefined && spaces !== indent) return undefined;
    indent = spaces;
    const value = scalar((match[2] as string).replace(/ +$/, ""));
    if (value === undefined) return undefined;
    items.push(value);
    index++;
  }
  return items.length === 0 ? { next: index } : { items, next: index };
}

/** The lines of a `|` or `>` block (clip or strip chomping, no blank or deeper lines). */
function readBlockText(
  lines: readonly string[],
  start: number,
  header: string,
): { text: string; next: number } | undefined {
  if (header.endsWith("+")) return undefined;
  const first = lines[start];
  const indent = first === undefined ? 0 : first.length - first.trimStart().length;
  if (indent === 0) return undefined;
  const prefix = " ".repeat(indent);
  const content: string[] = [];
  let index = start;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (!line.startsWith(prefix)) break;
    const text = line.slice(indent);
    if (text === "" || text.startsWith(" ") || text.endsWith(" ") || UNSAFE_CHARS.test(text)) {
      return undefined;
    }
    content.push(text);
    index++;
  }
  // A following line that is blank or indented less than the block but not a key is unusual.
  const after = lines[index];
  if (after !== undefined && after !== "" && after.startsWith(" ")) return undefined;
  const joined = content.join(header.startsWith(">") ? " " : "\n");
  return { text: header.endsWith("-") ? joined : `${joined}\n`, next: index };
}

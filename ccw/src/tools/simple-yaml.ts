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

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
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
  const entries: [string, SimpleValue][] = [];
  const keyLines = new Map<string, number>();
  let index = 0;
  while (index < lines.length) {
    const line = lines[index] as string;
    if (line.trim() === "") {
      if (line !== "") return undefined;
      index++;
      continue;
    }
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    if (SPECIAL_WORDS.has(key) || keyLines.has(key)) return undefined;
    keyLines.set(key, index);
    const raw = (match[2] ?? "").replace(/ +$/, "");
    index++;
    let value: SimpleValue | undefined;
    if (raw === "") {
      const list = readBlockList(lines, index);
      if (list === undefined) return undefined;
      value = list.items ?? null;
      index = list.next;
    } else if (BLOCK_HEADER.test(raw)) {
      const block = readBlockText(lines, index, raw);
      if (block === undefined) return undefined;
      value = block.text;
      index = block.next;
    } else if (raw.startsWith("[")) {
      value = flowList(raw);
    } else {
      value = scalar(raw);
    }
    if (value === undefined) return undefined;
    entries.push([key, value]);
  }
  return { values: Object.fromEntries(entries), keyLines };
}

/** A plain or simply quoted one-line string; `undefined` when not that simple. */
function scalar(value: string): string | undefined {
  if (UNSAFE_CHARS.test(value)) return undefined;
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    if (inner.includes(quote) || (quote === '"' && inner.includes("\\"))) return undefined;
    return inner;
  }
  return plain(value);
}

function plain(value: string): string | undefined {
  if (value === "" || UNSAFE_CHARS.test(value)) return undefined;
  if (UNSAFE_FIRST.test(value) || SPECIAL_WORDS.has(value)) return undefined;
  if (value.includes("#") || value.includes(": ") || value.endsWith(":")) return undefined;
  return value;
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

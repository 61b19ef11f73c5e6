/**
 * A fast path for the frontmatter most Markdown files carry: one `key: value` per line, with
 * plain or simply quoted string values. Parsing such a block with the `yaml` package costs
 * about ten times more than reading the file, which dominated a cold registry listing.
 *
 * The fast path is conservative: whenever a line is anything but the simplest case (indented,
 * a comment, a flow collection, a value the YAML 1.2 core schema would read as a number,
 * boolean or null, a duplicate key, ...) it returns `undefined` and the caller parses the
 * block with the `yaml` package. A test checks that every block it accepts gives exactly what
 * `yaml` gives.
 */

/** The result of the fast path: top-level values and the line (0-based) of each key. */
export interface SimpleMapping {
  readonly values: Record<string, string | null>;
  readonly keyLines: ReadonlyMap<string, number>;
}

const KEY_LINE = /^([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?$/;
/** Keys the core schema does not read as a plain string, or that are unsafe as object keys. */
const SPECIAL_KEYS = new Set([
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
const SPECIAL_VALUES = new Set([
  "null",
  "Null",
  "NULL",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
]);
/** A plain scalar may not start with an indicator; numbers, `.inf`, `~` resolve to non-strings. */
const UNSAFE_FIRST = /^[-?:,[\]{}#&*!|>'"%@`+.~0-9]/;
/** Control characters, BOM, surrogates and non-characters: leave them to the real parser. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we reject.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\ufeff\ud800-\udfff\ufffe\uffff]/;

/** Parses `text` if it is a block of simple `key: value` lines; `undefined` otherwise. */
export function parseSimpleMapping(text: string): SimpleMapping | undefined {
  const entries: [string, string | null][] = [];
  const keyLines = new Map<string, number>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    let line = lines[index] as string;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "") continue;
    const match = KEY_LINE.exec(line);
    if (!match) return undefined;
    const key = match[1] as string;
    if (SPECIAL_KEYS.has(key) || keyLines.has(key)) return undefined;
    const value = simpleValue(match[2] ?? "");
    if (value === undefined) return undefined;
    entries.push([key, value]);
    keyLines.set(key, index);
  }
  return { values: Object.fromEntries(entries), keyLines };
}

function simpleValue(raw: string): string | null | undefined {
  const value = raw.replace(/[ \t]+$/, "");
  if (value === "") return null;
  if (UNSAFE_CHARS.test(value) || value.includes("\t")) return undefined;
  const quote = value[0];
  if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
    const inner = value.slice(1, -1);
    if (inner.includes(quote) || (quote === '"' && inner.includes("\\"))) return undefined;
    return inner;
  }
  if (UNSAFE_FIRST.test(value) || SPECIAL_VALUES.has(value)) return undefined;
  if (value.includes("#") || value.includes(": ") || value.endsWith(":")) return undefined;
  return value;
}

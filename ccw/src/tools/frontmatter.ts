/**
 * Markdown frontmatter: the leading `---` block of a prompt or command file, parsed with the
 * `yaml` package and validated with a zod schema chosen by the caller. Bad files never throw:
 * the result lists every problem with its file, line and kind.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { z } from "zod";
import { parseSimpleMapping } from "./simple-yaml.js";

/** Files larger than this are refused before they are decoded. */
export const MAX_MARKDOWN_FILE_BYTES = 1024 * 1024;

/** What went wrong with a file; each kind has its own message. */
export type FrontmatterProblemKind =
  | "file-too-large"
  | "not-utf8"
  | "unterminated"
  | "yaml-syntax"
  | "not-a-mapping"
  | "invalid-field";

/** One problem in one file. `line` and `column` are 1-based and count from the file's start. */
export interface FrontmatterProblem {
  readonly kind: FrontmatterProblemKind;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** For `invalid-field`: the field's path, e.g. `allowed-tools[1]`. */
  readonly field?: string;
  readonly message: string;
}

/** A file that parsed and validated. */
export interface ParsedMarkdown<T> {
  readonly ok: true;
  readonly data: T;
  /** Everything after the frontmatter block (the whole text when there is none), BOM removed. */
  readonly body: string;
  /** The 1-based line of the file on which `body` starts. */
  readonly bodyLine: number;
  readonly hasFrontmatter: boolean;
}

export type FrontmatterResult<T> =
  | ParsedMarkdown<T>
  | { readonly ok: false; readonly problems: readonly FrontmatterProblem[] };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses `content` (the file's bytes, or already decoded text) as Markdown with optional
 * frontmatter and validates the frontmatter mapping (`{}` when there is none) with `schema`.
 */
export function parseFrontmatter<T>(
  file: string,
  content: Uint8Array | string,
  schema: z.ZodType<T>,
): FrontmatterResult<T> {
  const fail = (problem: Omit<FrontmatterProblem, "file">): FrontmatterResult<T> => ({
    ok: false,
    problems: [{ file, ...problem }],
  });
  let text: string;
  if (typeof content === "string") {
    text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  } else {
    if (content.byteLength > MAX_MARKDOWN_FILE_BYTES) {
      return fail({ kind: "file-too-large", message: tooLargeMessage(content.byteLength) });
    }
    try {
      text = utf8.decode(content);
    } catch {
      return fail(notUtf8Problem(content));
    }
  }

  const block = splitFrontmatter(text);
  if (block.kind === "unterminated") {
    return fail({
      kind: "unterminated",
      line: 1,
      message:
        "the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key",
    });
  }
  if (block.kind === "none") {
    return validate(file, schema, {}, () => 1, { body: text, bodyLine: 1, hasFrontmatter: false });
  }

  const rest = { body: block.body, bodyLine: block.bodyLine, hasFrontmatter: true };
  const simple = parseSimpleMapping(block.yaml);
  if (simple) {
    const lineOf = (path: readonly PropertyKey[]) => {
      const index = typeof path[0] === "string" ? simple.keyLines.get(path[0]) : undefined;
      return index === undefined ? 1 : block.yamlLine + index;
    };
    return validate(file, schema, simple.values, lineOf, rest);
  }

  const doc = parseDocument(block.yaml, { prettyErrors: false, uniqueKeys: true });
  // Positions are only needed for messages, so they are counted from offsets on demand.
  const position = (rawOffset: number) => {
    // An error found at the end of the block belongs to its last line, not to the '---'.
    const offset = Math.min(rawOffset, Math.max(block.yaml.length - 1, 0));
    const before = block.yaml.slice(0, offset);
    const lineStart = before.lastIndexOf("\n") + 1;
    return { line: block.yamlLine + before.split("\n").length - 1, column: offset - lineStart + 1 };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const { line, column } = position(error.pos[0]);
        const reason = error.message.split("\n")[0] ?? error.message;
        return {
          file,
          kind: "yaml-syntax",
          line,
          column,
          message: `YAML syntax error at column ${column}: ${reason}`,
        };
      }),
    };
  }
  const contents = doc.contents;
  if (contents !== null && !isMap(contents)) {
    return fail({
      kind: "not-a-mapping",
      line: block.yamlLine,
      message: `the frontmatter must be a mapping of keys to values (like 'description: ...'), but it is ${describeNode(contents)}`,
    });
  }
  let data: unknown;
  try {
    data = contents === null ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return fail({
      kind: "yaml-syntax",
      line: block.yamlLine,
      message: `YAML error: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const lineOf = (path: readonly PropertyKey[]) => {
    const offset = offsetOfPath(contents, path);
    return offset === undefined ? 1 : position(offset).line;
  };
  return validate(file, schema, data, lineOf, rest);
}

/** The message for a file over MAX_MARKDOWN_FILE_BYTES (also used before reading it). */
export function tooLargeMessage(bytes: number): string {
  const mib = (bytes / (1024 * 1024)).toFixed(1);
  return `the file is ${mib} MiB, over the 1 MiB limit for a Markdown prompt or command; shorten or split it`;
}

type Block =
  | { kind: "none" }
  | { kind: "unterminated" }
  | { kind: "block"; yaml: string; yamlLine: number; body: string; bodyLine: number };

/** Finds a leading `---` line and its closing `---` line (surrounding spaces and CR allowed). */
function splitFrontmatter(text: string): Block {
  const firstEnd = text.indexOf("\n");
  const first = firstEnd === -1 ? text : text.slice(0, firstEnd);
  if (first.trim() !== "---") return { kind: "none" };
  if (firstEnd === -1) return { kind: "unterminated" };
  const yamlStart = firstEnd + 1;
  let start = yamlStart;
  let line = 2;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    const current = end === -1 ? text.slice(start) : text.slice(start, end);
    if (current.trim() === "---") {
      return {
        kind: "block",
        yaml: text.slice(yamlStart, start),
        yamlLine: 2,
        body: end === -1 ? "" : text.slice(end + 1),
        bodyLine: line + 1,
      };
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return { kind: "unterminated" };
}

function validate<T>(
  file: string,
  schema: z.ZodType<T>,
  data: unknown,
  lineOf: (path: readonly PropertyKey[]) => number,
  rest: { body: string; bodyLine: number; hasFrontmatter: boolean },
): FrontmatterResult<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, data: parsed.data, ...rest };
  // Reporting inputs turns off zod's fast path, so only a failed file is validated again.
  const detailed = schema.safeParse(data, { reportInput: true });
  const issues = detailed.success ? parsed.error.issues : detailed.error.issues;
  return {
    ok: false,
    problems: issues.map((issue) => {
      const field = formatPath(issue.path);
      const where = field === "" ? "the frontmatter" : `frontmatter field "${field}"`;
      return {
        file,
        kind: "invalid-field",
        line: lineOf(issue.path),
        ...(field === "" ? {} : { field }),
        message: `${where}: ${describeIssue(issue)}`,
      };
    }),
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else text += text === "" ? String(segment) : `.${String(segment)}`;
  }
  return text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "is required"
        : `expected ${kindName(issue.expected)}, found ${describeValue(issue.input)}`;
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}, found ${describeValue(issue.input)}`;
    case "unrecognized_keys":
      return `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}`;
    default:
      return issue.message;
  }
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean (true or false)",
  array: "a list",
  object: "a mapping",
};

function kindName(expected: string): string {
  return KIND_NAMES[expected] ?? expected;
}

/** A short description of a YAML value for messages: its kind and, if short, the value. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "an empty value";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return `${kindName(typeof value)} (${String(value)})`;
  }
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return typeof value === "object" ? "a mapping" : typeof value;
}

function describeNode(node: YamlNode): string {
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return `a single value (${describeValue(node.value)})`;
  return "not a mapping";
}

/** The offset of the deepest key (or list item) of `path` that exists in the document. */
function offsetOfPath(root: unknown, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = root;
  let offset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      if (isScalar(pair.key) && pair.key.range) offset = pair.key.range[0];
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (!item) break;
      if (isScalar(item) || isMap(item) || isSeq(item)) {
        if (item.range) offset = item.range[0];
      }
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function notUtf8Problem(bytes: Uint8Array): Omit<FrontmatterProblem, "file"> {
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const byte = (bytes[at] ?? 0).toString(16).padStart(2, "0");
  return {
    kind: "not-utf8",
    line,
    column: at - lineStart + 1,
    message: `the file is not valid UTF-8 (byte 0x${byte} at line ${line}, byte ${at - lineStart + 1} of the line); save it as UTF-8`,
  };
}

/** The index of the first byte that starts an invalid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let code = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = bytes[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return i;
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}

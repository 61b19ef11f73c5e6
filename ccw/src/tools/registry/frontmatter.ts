/**
 * Markdown frontmatter: the leading `---` block of a prompt or command file, parsed with the
 * `yaml` package and validated with a zod schema chosen by the caller. Bad files never throw:
 * the result lists every problem with its file, line and kind.
 */
import type { Node as YamlNode } from "yaml";
import * as z from "../../zod.js";
import {
  type BodySource,
  bodyText,
  isValidUtf8,
  locateInvalidUtf8,
  type MarkdownSplit,
  splitBytes,
  splitText,
} from "./markdown-split.js";
import { parseSimpleMapping } from "./simple-yaml.js";
import { yamlModule } from "./yaml-module.js";

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

/** Like ParsedMarkdown, with the body still undecoded when the input was bytes. */
export interface ParsedMarkdownSource<T> extends Omit<ParsedMarkdown<T>, "body"> {
  readonly body: BodySource;
}

/** Every problem of a file that did not parse or validate. */
export interface FrontmatterFailure {
  readonly ok: false;
  readonly problems: readonly FrontmatterProblem[];
}

export type FrontmatterResult<T> = ParsedMarkdown<T> | FrontmatterFailure;

/**
 * Parses `content` (the file's bytes, or already decoded text) as Markdown with optional
 * frontmatter and validates the frontmatter mapping (`{}` when there is none) with `schema`.
 */
export function parseFrontmatter<T>(
  file: string,
  content: Uint8Array | string,
  schema: z.core.$ZodType<T>,
): FrontmatterResult<T> {
  const parsed = parseFrontmatterSource(file, content, schema);
  if (!parsed.ok) return parsed;
  return { ...parsed, body: bodyText(parsed.body) };
}

/**
 * parseFrontmatter, leaving the body undecoded when `content` is bytes: the registries use
 * it so that a listing does not decode every body (bodyText() decodes one on demand).
 */
export function parseFrontmatterSource<T>(
  file: string,
  content: Uint8Array | string,
  schema: z.core.$ZodType<T>,
): ParsedMarkdownSource<T> | FrontmatterFailure {
  const block = splitContent(file, content);
  if ("ok" in block) return block;
  if (block.kind === "unterminated") {
    return failure(file, {
      kind: "unterminated",
      line: 1,
      message:
        "the frontmatter block opened by '---' on line 1 is never closed; add a line '---' after its last key",
    });
  }
  if (block.kind === "none") {
    return validate(file, schema, {}, () => 1, {
      body: block.body,
      bodyLine: 1,
      hasFrontmatter: false,
    });
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
  return parseYamlBlock(file, block, schema, rest);
}

type FrontmatterBlock = Extract<MarkdownSplit, { kind: "block" }>;

function failure(file: string, problem: Omit<FrontmatterProblem, "file">): FrontmatterFailure {
  return { ok: false, problems: [{ file, ...problem }] };
}

/** Splits text, or bytes that are valid UTF-8 and within the size limit, at the frontmatter. */
function splitContent(
  file: string,
  content: Uint8Array | string,
): MarkdownSplit | FrontmatterFailure {
  if (typeof content === "string") return splitText(content);
  if (content.byteLength > MAX_MARKDOWN_FILE_BYTES) {
    return failure(file, { kind: "file-too-large", message: tooLargeMessage(content.byteLength) });
  }
  if (!isValidUtf8(content)) {
    const { line, column, byte } = locateInvalidUtf8(content);
    return failure(file, {
      kind: "not-utf8",
      line,
      column,
      message: `the file is not valid UTF-8 (byte 0x${byte.toString(16).padStart(2, "0")} at line ${line}, byte ${column} of the line); save it as UTF-8`,
    });
  }
  return splitBytes(content);
}

/** A frontmatter block that is more than plain `key: value` lines, read by the yaml package. */
function parseYamlBlock<T>(
  file: string,
  block: FrontmatterBlock,
  schema: z.core.$ZodType<T>,
  rest: { body: BodySource; bodyLine: number; hasFrontmatter: boolean },
): ParsedMarkdownSource<T> | FrontmatterFailure {
  const doc = yamlModule().parseDocument(block.yaml, { prettyErrors: false, uniqueKeys: true });
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
  if (contents !== null && !yamlModule().isMap(contents)) {
    return failure(file, {
      kind: "not-a-mapping",
      line: block.yamlLine,
      message: `the frontmatter must be a mapping of keys to values (like 'description: ...'), but it is ${describeNode(contents)}`,
    });
  }
  let data: unknown;
  try {
    data = contents === null ? {} : doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failure(file, {
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
  // Rounded up, and with the exact sizes: a file just over the limit must not read "1.0 MiB".
  const mib = (Math.ceil((bytes / MAX_MARKDOWN_FILE_BYTES) * 10) / 10).toFixed(1);
  return `the file is ${bytes} bytes (${mib} MiB), over the 1 MiB (${MAX_MARKDOWN_FILE_BYTES} bytes) limit for a Markdown prompt or command; shorten or split it`;
}

function validate<T>(
  file: string,
  schema: z.core.$ZodType<T>,
  data: unknown,
  lineOf: (path: readonly PropertyKey[]) => number,
  rest: { body: BodySource; bodyLine: number; hasFrontmatter: boolean },
): ParsedMarkdownSource<T> | FrontmatterFailure {
  // The functional form takes classic and zod/mini schemas alike.
  const parsed = z.safeParse(schema, data);
  if (parsed.success) return { ok: true, data: parsed.data, ...rest };
  // Reporting inputs turns off zod's fast path, so only a failed file is validated again.
  const detailed = z.safeParse(schema, data, { reportInput: true });
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
  const { isScalar, isSeq } = yamlModule();
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return `a single value (${describeValue(node.value)})`;
  return "not a mapping";
}

/** The offset of the deepest key (or list item) of `path` that exists in the document. */
function offsetOfPath(root: unknown, path: readonly PropertyKey[]): number | undefined {
  const { isMap, isScalar, isSeq } = yamlModule();
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

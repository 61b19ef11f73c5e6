/**
 * Finds the leading `---` block of a Markdown file, in its bytes or in text. On bytes, only
 * the block itself is decoded: the body stays bytes until someone reads it, which keeps a
 * listing of thousands of prompts from decoding (and holding as strings) every body.
 */
import { isUtf8 } from "node:buffer";

/** A body as text, or as the (valid UTF-8) bytes it will be decoded from. */
export type BodySource = { readonly text: string } | { readonly bytes: Uint8Array };

export type MarkdownSplit =
  | { readonly kind: "none"; readonly body: BodySource }
  | { readonly kind: "unterminated" }
  | {
      readonly kind: "block";
      /** The text between the `---` lines. */
      readonly yaml: string;
      /** The file line of the first line of `yaml` (always 2). */
      readonly yamlLine: number;
      readonly body: BodySource;
      readonly bodyLine: number;
    };

const decoder = new TextDecoder("utf-8");
const NEWLINE = 0x0a;
const DASH = 0x2d;

/** The body's text (decoding bytes, which were checked to be UTF-8). */
export function bodyText(body: BodySource): string {
  return "text" in body ? body.text : decoder.decode(body.bytes);
}

/** Whether `bytes` is valid UTF-8, without decoding it. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** Splits text (a leading BOM is dropped). */
export function splitText(content: string): MarkdownSplit {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const firstEnd = text.indexOf("\n");
  if (!isDelimiter((i) => text.charCodeAt(i), 0, firstEnd === -1 ? text.length : firstEnd)) {
    return { kind: "none", body: { text } };
  }
  if (firstEnd === -1) return { kind: "unterminated" };
  let start = firstEnd + 1;
  let line = 2;
  while (start <= text.length) {
    const end = text.indexOf("\n", start);
    if (isDelimiter((i) => text.charCodeAt(i), start, end === -1 ? text.length : end)) {
      return {
        kind: "block",
        yaml: text.slice(firstEnd + 1, start),
        yamlLine: 2,
        body: { text: end === -1 ? "" : text.slice(end + 1) },
        bodyLine: line + 1,
      };
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return { kind: "unterminated" };
}

/** Splits bytes already known to be UTF-8 (a leading BOM is dropped). */
export function splitBytes(content: Uint8Array): MarkdownSplit {
  const bom = content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf;
  const bytes = bom ? content.subarray(3) : content;
  const at = (i: number) => bytes[i] ?? 0;
  const firstEnd = bytes.indexOf(NEWLINE);
  if (!isDelimiter(at, 0, firstEnd === -1 ? bytes.length : firstEnd)) {
    return { kind: "none", body: { bytes } };
  }
  if (firstEnd === -1) return { kind: "unterminated" };
  let start = firstEnd + 1;
  let line = 2;
  while (start <= bytes.length) {
    const end = bytes.indexOf(NEWLINE, start);
    if (isDelimiter(at, start, end === -1 ? bytes.length : end)) {
      return {
        kind: "block",
        yaml: decoder.decode(bytes.subarray(firstEnd + 1, start)),
        yamlLine: 2,
        body: { bytes: end === -1 ? bytes.subarray(bytes.length) : bytes.subarray(end + 1) },
        bodyLine: line + 1,
      };
    }
    if (end === -1) break;
    start = end + 1;
    line++;
  }
  return { kind: "unterminated" };
}

/** Whether the line [start, end) is `---` with only ASCII blanks (space, tab, CR) around. */
function isDelimiter(at: (index: number) => number, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from < to && isBlank(at(from))) from++;
  while (to > from && isBlank(at(to - 1))) to--;
  return to - from === 3 && at(from) === DASH && at(from + 1) === DASH && at(from + 2) === DASH;
}

function isBlank(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** Where the first invalid UTF-8 sequence starts: its line, column (in bytes) and byte. */
export function locateInvalidUtf8(bytes: Uint8Array): {
  line: number;
  column: number;
  byte: number;
} {
  const at = firstInvalidUtf8(bytes);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    if (bytes[i] === NEWLINE) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: at - lineStart + 1, byte: bytes[at] ?? 0 };
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

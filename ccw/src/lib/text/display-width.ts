/**
 * Terminal columns of text: CJK and other wide characters take two, combining marks and ANSI
 * colour sequences none (string-width). Padding and cutting work by these columns, never by
 * `.length`, so tables and the pipeline view stay in line with Chinese intents and names.
 */
import { eastAsianWidth } from "get-east-asian-width";
import { stringWidthModule } from "./string-width-module.js";
import { terminalColumns } from "./terminal-columns.js";

const ELLIPSIS = "…";
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI sequences start with ESC.
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the same sequences, all of them.
const ANSI_ALL = /\u001b\[[0-9;]*[A-Za-z]/g;
/** Text every character of which takes one column: printable ASCII. */
const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;
/**
 * Text in which every UTF-16 unit is a character of its own, never joined to its neighbours
 * and never invisible: Latin, general punctuation, arrows, symbols, box drawing, CJK
 * punctuation, kana, ideographs, Hangul syllables and fullwidth forms, without the combining
 * marks, joiners, bidi and other format characters in or near those blocks. Its width is the
 * sum of each character's East Asian Width, exactly what string-width would say (a test
 * compares them over every character of these ranges).
 */
const SIMPLE_TEXT =
  /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e\u2070-\u20cf\u2100-\u2bff\u3000-\u3029\u3030-\u303f\u3041-\u3096\u309b-\u30ff\u4e00-\u9fff\uac00-\ud7a3\uff01-\uff60\uffe0-\uffe6]*$/;

// Made on first use: the first Intl.Segmenter of a process loads ICU data (~7 ms).
let segmenter: Intl.Segmenter | undefined;

/**
 * The columns `text` takes on a terminal (ANSI sequences take none). Printable ASCII and other
 * simple text (ccw's own arrows and box drawing, CJK) are counted here; anything else (emoji,
 * combining marks, joiners) is measured by string-width, which is slow to load.
 */
export function displayWidth(text: string): number {
  const plain = text.includes("\u001b") ? text.replace(ANSI_ALL, "") : text;
  if (PRINTABLE_ASCII.test(plain)) return plain.length;
  if (SIMPLE_TEXT.test(plain)) {
    let width = 0;
    for (let i = 0; i < plain.length; i++) width += eastAsianWidth(plain.charCodeAt(i));
    return width;
  }
  return stringWidthModule()(text, { countAnsiEscapeCodes: false });
}

/** `text` followed by spaces up to `width` columns (unchanged when already as wide). */
export function padEndToWidth(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces up to `width` columns, then `text`. */
export function padStartToWidth(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}

/**
 * `text` cut to at most `max` columns, ending in `…` when anything was cut. A wide character
 * that would straddle the edge is dropped whole; ANSI sequences are kept (and a reset follows
 * the ellipsis when any was open), so a coloured line stays well formed.
 */
export function truncateToWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 0) return "";
  const budget = max - 1;
  let used = 0;
  let out = "";
  let styled = false;
  let index = 0;
  while (index < text.length) {
    ANSI.lastIndex = index;
    const sequence = ANSI.exec(text);
    if (sequence) {
      out += sequence[0];
      styled = true;
      index += sequence[0].length;
      continue;
    }
    const next = text.indexOf("\u001b", index + 1);
    const plain = text.slice(index, next === -1 ? text.length : next);
    for (const segment of graphemes(plain)) {
      const width = displayWidth(segment);
      if (used + width > budget) return `${out}${ELLIPSIS}${styled ? "\u001b[0m" : ""}`;
      out += segment;
      used += width;
    }
    index += plain.length;
  }
  return out;
}

/** The grapheme clusters of `text` (its characters, when it is simple text). */
function graphemes(text: string): Iterable<string> {
  if (SIMPLE_TEXT.test(text)) return text;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return Array.from(segmenter.segment(text), ({ segment }) => segment);
}

/**
 * Every line of `text` cut to `columns` (a terminal's width); unchanged without a width, so
 * piped output keeps every character.
 */
export function fitLines(text: string, columns: number | undefined): string {
  if (columns === undefined || columns <= 0) return text;
  return text
    .split("\n")
    .map((line) => truncateToWidth(line, columns))
    .join("\n");
}

/** `text` fitted to `stream`'s width when it is a terminal (see fitLines). */
export function fitToStream(text: string, stream: { isTTY?: boolean; columns?: number }): string {
  return fitLines(text, terminalColumns(stream));
}

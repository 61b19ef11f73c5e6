/**
 * Where a JSON document breaks, for messages that say where: the first syntax error (offset,
 * line, column, what was expected) and the JSON path of the value at an offset
 * (`$.command_chain[1].status`). jsonc-parser does the scanning; with `comments` it also reads
 * the comments and trailing commas some people put in Claude Code's settings.json.
 */
import { getLocation, type ParseError, parse, printParseErrorCode } from "jsonc-parser";

/** A syntax error: its offset, 1-based line and column, and what is wrong there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Whether the text ends before the document does (a cut file, not a wrong character). */
  readonly truncated: boolean;
}

const MESSAGES: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the document",
  InvalidCommentToken: "comments are not allowed in JSON",
  UnexpectedEndOfComment: "a comment is never closed",
  UnexpectedEndOfString: "a string is never closed",
  UnexpectedEndOfNumber: "a number ends early",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

/**
 * The first syntax error of `text`, or undefined for a valid document. Strict JSON unless
 * `comments` (then comments and trailing commas are fine, as in JSONC).
 */
export function jsonSyntaxError(
  text: string,
  options: { comments?: boolean } = {},
): JsonSyntaxError | undefined {
  if (text.startsWith("\uFEFF")) {
    return {
      offset: 0,
      line: 1,
      column: 1,
      message:
        "it starts with a byte order mark (U+FEFF), which JSON does not allow; save it as UTF-8 without BOM",
      truncated: false,
    };
  }
  const errors: ParseError[] = [];
  const comments = options.comments === true;
  try {
    parse(text, errors, {
      disallowComments: !comments,
      allowTrailingComma: comments,
      allowEmptyContent: false,
    });
  } catch (error) {
    // The parser recurses: a document nested thousands deep exhausts the stack.
    if (!(error instanceof RangeError)) throw error;
    const message = "it nests arrays and objects too deep to read";
    return { offset: 0, line: 1, column: 1, message, truncated: false };
  }
  const first = errors[0];
  if (first === undefined) return undefined;
  const code = printParseErrorCode(first.error);
  const truncated =
    first.offset >= text.trimEnd().length ||
    (code.startsWith("UnexpectedEndOf") && first.offset + first.length >= text.trimEnd().length);
  const message = truncated ? "the document ends early" : (MESSAGES[code] ?? code);
  return { offset: first.offset, ...lineColumnAt(text, first.offset), message, truncated };
}

/** The JSON path of the value being read at `offset` in `text`. */
export function jsonPathAt(text: string, offset: number): string {
  const { path } = getLocation(text, offset);
  let shown = "$";
  for (const segment of path) {
    if (typeof segment === "number") shown += `[${segment}]`;
    else if (segment !== "") shown += `.${segment}`;
  }
  return shown;
}

/** 1-based line and column of `offset` in `text`. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

import { lineColumnAt, syntaxErrorOffset } from "../lib/json/json-location.js";

/** Parses JSON text; a syntax error names its line and column. */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const { line, column } = lineColumnAt(text, syntaxErrorOffset(error, text));
    throw new Error(`not valid JSON at line ${line}, column ${column}`);
  }
}
